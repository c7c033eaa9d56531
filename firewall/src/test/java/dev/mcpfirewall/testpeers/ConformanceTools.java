package dev.mcpfirewall.testpeers;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tools the conformance suite's server scenarios call, each returning exactly what its
 * scenario's description asks for.
 */
final class ConformanceTools {

  private static final Map<String, Object> NO_ARGUMENTS =
      Map.of("type", "object", "properties", Map.of());

  private static final long STEP_DELAY_MILLIS = 50;

  private ConformanceTools() {}

  static List<SyncToolSpecification> all() {
    return List.of(
        tool(
            "test_simple_text",
            "Returns a simple text content block.",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(new TextContent("This is a simple text response for testing."))),
        tool(
            "test_image_content",
            "Returns an image content block (a 1x1 red PNG).",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(ImageContent.builder(TestMedia.RED_PIXEL_PNG, "image/png").build())),
        tool(
            "test_audio_content",
            "Returns an audio content block (a short silent WAV).",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(AudioContent.builder(TestMedia.SILENT_WAV, "audio/wav").build())),
        tool(
            "test_embedded_resource",
            "Returns an embedded text resource.",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    embedded(
                        "test://embedded-resource",
                        "text/plain",
                        "This is an embedded resource content."))),
        tool(
            "test_multiple_content_types",
            "Returns text, image and embedded resource content together.",
            NO_ARGUMENTS,
            (exchange, request) ->
                result(
                    new TextContent("Multiple content types test:"),
                    ImageContent.builder(TestMedia.RED_PIXEL_PNG, "image/png").build(),
                    embedded(
                        "test://mixed-content-resource",
                        "application/json",
                        "{\"test\":\"data\",\"value\":123}"))),
        tool(
            "test_tool_with_logging",
            "Sends three info log notifications while it runs.",
            NO_ARGUMENTS,
            ConformanceTools::withLogging),
        tool(
            "test_error_handling",
            "Always fails, reporting the failure as a tool error (isError: true).",
            NO_ARGUMENTS,
            (exchange, request) ->
                CallToolResult.builder()
                    .isError(true)
                    .addTextContent("This tool intentionally returns an error for testing")
                    .build()),
        tool(
            "test_tool_with_progress",
            "Reports progress 0, 50 and 100 of 100 when given a progress token.",
            NO_ARGUMENTS,
            ConformanceTools::withProgress),
        tool(
            "test_sampling",
            "Asks the client's LLM to complete the prompt (sampling/createMessage).",
            object(Map.of("prompt", string("The prompt to send to the LLM")), "prompt"),
            ConformanceTools::sampling),
        tool(
            "test_elicitation",
            "Asks the user for a username and an email (elicitation/create).",
            object(Map.of("message", string("The message to show the user")), "message"),
            (exchange, request) ->
                elicit(
                    exchange,
                    stringArgument(request, "message"),
                    Map.of(
                        "type", "object",
                        "properties",
                            Map.of(
                                "username", string("User's response"),
                                "email", string("User's email address")),
                        "required", List.of("username", "email")),
                    "User response: ")),
        tool(
            "test_elicitation_sep1034_defaults",
            "Elicits every primitive type with a default value (SEP-1034).",
            NO_ARGUMENTS,
            (exchange, request) ->
                elicit(
                    exchange,
                    "Please review and update the form fields with defaults",
                    ElicitationSchemas.primitivesWithDefaults(),
                    "Elicitation completed: ")),
        tool(
            "test_elicitation_sep1330_enums",
            "Elicits the five enum schema variants (SEP-1330).",
            NO_ARGUMENTS,
            (exchange, request) ->
                elicit(
                    exchange,
                    "Please select options from the enum fields",
                    ElicitationSchemas.enumVariants(),
                    "Elicitation completed: ")),
        tool(
            "json_schema_2020_12_tool",
            "Tool with JSON Schema 2020-12 features",
            Map.of(
                "$schema",
                "https://json-schema.org/draft/2020-12/schema",
                "type",
                "object",
                "$defs",
                Map.of(
                    "address",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of(
                            "street", Map.of("type", "string"),
                            "city", Map.of("type", "string")))),
                "properties",
                Map.of(
                    "name", Map.of("type", "string"),
                    "address", Map.of("$ref", "#/$defs/address")),
                "additionalProperties",
                false),
            (exchange, request) -> result(new TextContent("Received: " + request.arguments()))),
        tool(
            "test_reconnection",
            "Answers a call; the SDK cannot close the SSE stream mid-call (see"
                + " ConformanceUpstream).",
            NO_ARGUMENTS,
            (exchange, request) -> result(new TextContent("Reconnection test completed"))));
  }

  private static CallToolResult withLogging(
      McpSyncServerExchange exchange, CallToolRequest request) {
    log(exchange, "Tool execution started");
    pause();
    log(exchange, "Tool processing data");
    pause();
    log(exchange, "Tool execution completed");
    return result(new TextContent("Tool execution completed with logging"));
  }

  private static CallToolResult withProgress(
      McpSyncServerExchange exchange, CallToolRequest request) {
    Object token = request.progressToken();
    for (double progress : new double[] {0, 50, 100}) {
      if (progress > 0) {
        pause();
      }
      if (token != null) {
        exchange.progressNotification(
            ProgressNotification.builder(token, progress)
                .total(100.0)
                .message("Completed step " + (int) progress + " of 100")
                .build());
      }
    }
    return result(new TextContent("Tool execution completed with progress"));
  }

  private static CallToolResult sampling(McpSyncServerExchange exchange, CallToolRequest request) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().sampling() == null) {
      return CallToolResult.builder()
          .isError(true)
          .addTextContent("The client does not support sampling.")
          .build();
    }
    CreateMessageResult answer =
        exchange.createMessage(
            CreateMessageRequest.builder(
                    List.of(
                        new SamplingMessage(
                            Role.USER, new TextContent(stringArgument(request, "prompt")))),
                    100)
                .build());
    String text =
        answer.content() instanceof TextContent reply
            ? reply.text()
            : String.valueOf(answer.content());
    return result(new TextContent("LLM response: " + text));
  }

  private static CallToolResult elicit(
      McpSyncServerExchange exchange,
      String message,
      Map<String, Object> requestedSchema,
      String resultPrefix) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().elicitation() == null) {
      return CallToolResult.builder()
          .isError(true)
          .addTextContent("The client does not support elicitation.")
          .build();
    }
    ElicitResult answer =
        exchange.createElicitation(ElicitRequest.builder(message, requestedSchema).build());
    return result(
        new TextContent(
            resultPrefix
                + "action="
                + answer.action().name().toLowerCase(java.util.Locale.ROOT)
                + ", content="
                + answer.content()));
  }

  private static void log(McpSyncServerExchange exchange, String message) {
    exchange.loggingNotification(
        LoggingMessageNotification.builder()
            .level(LoggingLevel.INFO)
            .logger("conformance")
            .data(message)
            .build());
  }

  private static void pause() {
    try {
      Thread.sleep(STEP_DELAY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SyncToolSpecification tool(
      String name,
      String description,
      Map<String, Object> inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(Tool.builder(name).description(description).inputSchema(inputSchema).build())
        .callHandler(handler)
        .build();
  }

  private static CallToolResult result(Content... content) {
    return CallToolResult.builder().content(List.of(content)).isError(false).build();
  }

  private static EmbeddedResource embedded(String uri, String mimeType, String text) {
    return EmbeddedResource.builder(
            TextResourceContents.builder(uri, text).mimeType(mimeType).build())
        .build();
  }

  private static Map<String, Object> object(Map<String, Object> properties, String required) {
    return Map.of("type", "object", "properties", properties, "required", List.of(required));
  }

  private static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  private static String stringArgument(CallToolRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }
}
