package dev.mcpfirewall.upstream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny MCP stdio server whose misbehaviour tests script through {@code tools/call}: {@code echo}
 * answers, {@code crash} exits with {@code arguments.code}, {@code garbage} writes lines that are
 * not JSON-RPC (and one too long) before answering, {@code stderr} floods stderr before answering.
 * Every result carries the process's {@code pid}, the methods it has {@code seen} and the ids of
 * the {@code initialize} requests it got, so tests can check what a restarted process was told.
 */
public final class ScriptedStdioServer {
  private static final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
  private static final JsonArray seen = new JsonArray();
  private static final JsonArray initializeIds = new JsonArray();

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.err.println("scripted server " + ProcessHandle.current().pid() + " ready");
    for (String line; (line = in.readLine()) != null; ) {
      JsonObject message;
      try {
        message = new JsonObject(line);
      } catch (RuntimeException e) {
        System.err.println("not JSON: " + line);
        continue;
      }
      String method = message.getString("method");
      seen.add(method != null ? method : "response");
      if (method != null && message.containsKey("id")) {
        answer(message.getValue("id"), method, message.getJsonObject("params", new JsonObject()));
      }
    }
  }

  private static void answer(Object id, String method, JsonObject params) {
    JsonObject result;
    switch (method) {
      case "initialize" -> {
        initializeIds.add(id);
        result =
            new JsonObject()
                .put("protocolVersion", params.getString("protocolVersion", "2025-06-18"))
                .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                .put("serverInfo", new JsonObject().put("name", "scripted").put("version", "1"));
      }
      case "tools/call" -> result = call(params);
      default -> result = new JsonObject();
    }
    result
        .put("pid", ProcessHandle.current().pid())
        .put("seen", seen.copy())
        .put("initializeIds", initializeIds.copy());
    write(new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result).encode());
  }

  private static JsonObject call(JsonObject params) {
    JsonObject arguments = params.getJsonObject("arguments", new JsonObject());
    switch (params.getString("name", "")) {
      case "crash" -> {
        System.err.println("crashing on purpose");
        System.exit(arguments.getInteger("code", 3));
      }
      case "garbage" -> {
        write("this is not json");
        write("{\"jsonrpc\":\"2.0\"}");
        write("{\"jsonrpc\":\"2.0\",\"method\":");
        write("");
        write(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("method", "notifications/message")
                .put(
                    "params", new JsonObject().put("data", "x".repeat(arguments.getInteger("big"))))
                .encode());
      }
      case "stderr" -> {
        for (int i = 0; i < 20; i++) {
          System.err.println("noise line " + i);
        }
        System.err.println("\u001b[31mcolored\u001b[0m");
        System.err.println("y".repeat(100_000));
        System.err.println("Error: something odd, but going on");
        System.err.flush();
      }
      default -> {}
    }
    String text = "Echo: " + arguments.getString("message", "");
    return new JsonObject()
        .put(
            "content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  private static void write(String line) {
    out.print(line);
    out.print('\n');
    out.flush();
  }
}
