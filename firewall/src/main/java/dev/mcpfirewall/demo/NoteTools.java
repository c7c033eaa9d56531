package dev.mcpfirewall.demo;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo upstream's three tools over a {@link TeamNotes} notebook. */
final class NoteTools {

  static final String SEARCH_NOTES = "search_notes";
  static final String GET_NOTE = "get_note";
  static final String DELETE_NOTE = "delete_note";

  private static final int DEFAULT_LIMIT = 10;
  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private static final Map<String, Object> ID_INPUT =
      Map.of(
          "$schema",
          DRAFT_2020_12,
          "type",
          "object",
          "properties",
          Map.of(
              "id",
              Map.of(
                  "type", "string",
                  "description", "The note id, e.g. n1.",
                  "pattern", "^[A-Za-z0-9_-]{1,64}$")),
          "required",
          List.of("id"),
          "additionalProperties",
          false);

  private final TeamNotes notes;

  NoteTools(TeamNotes notes) {
    this.notes = notes;
  }

  SyncToolSpecification searchNotes() {
    Map<String, Object> noteSchema =
        Map.of(
            "type", "object",
            "properties",
                Map.of(
                    "id", Map.of("type", "string"),
                    "title", Map.of("type", "string"),
                    "author", Map.of("type", "string"),
                    "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                    "body", Map.of("type", "string")),
            "required", List.of("id", "title", "author", "tags", "body"));
    Tool tool =
        Tool.builder(SEARCH_NOTES)
            .title("Search team notes")
            .description(
                "Finds notes whose title, body, author or tags contain the query"
                    + " (case-insensitive). An empty query lists every note.")
            .inputSchema(
                Map.of(
                    "$schema",
                    DRAFT_2020_12,
                    "type",
                    "object",
                    "properties",
                    Map.of(
                        "query",
                        Map.of(
                            "type", "string",
                            "description", "Words to look for.",
                            "maxLength", 200),
                        "limit",
                        Map.of(
                            "type",
                            "integer",
                            "description",
                            "At most this many notes (default 10).",
                            "minimum",
                            1,
                            "maximum",
                            50)),
                    "required",
                    List.of("query"),
                    "additionalProperties",
                    false))
            .outputSchema(
                Map.of(
                    "type", "object",
                    "properties",
                        Map.of(
                            "query", Map.of("type", "string"),
                            "total", Map.of("type", "integer"),
                            "notes", Map.of("type", "array", "items", noteSchema)),
                    "required", List.of("query", "total", "notes")))
            .annotations(
                ToolAnnotations.builder()
                    .title("Search team notes")
                    .readOnlyHint(true)
                    .destructiveHint(false)
                    .idempotentHint(true)
                    .openWorldHint(false)
                    .build())
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler((exchange, request) -> search(request))
        .build();
  }

  SyncToolSpecification getNote() {
    Tool tool =
        Tool.builder(GET_NOTE)
            .title("Read a team note")
            .description("Returns one note, with its title, author, tags and body.")
            .inputSchema(ID_INPUT)
            .annotations(
                ToolAnnotations.builder()
                    .title("Read a team note")
                    .readOnlyHint(true)
                    .destructiveHint(false)
                    .idempotentHint(true)
                    .openWorldHint(false)
                    .build())
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              String id = stringArgument(request, "id");
              return notes
                  .get(id)
                  .map(note -> CallToolResult.builder().addTextContent(note.toText()).build())
                  .orElseGet(() -> error("No note with id '" + id + "'."));
            })
        .build();
  }

  SyncToolSpecification deleteNote() {
    Tool tool =
        Tool.builder(DELETE_NOTE)
            .title("Delete a team note")
            .description("Deletes a note permanently. There is no undo.")
            .inputSchema(ID_INPUT)
            .annotations(
                ToolAnnotations.builder()
                    .title("Delete a team note")
                    .readOnlyHint(false)
                    .destructiveHint(true)
                    .idempotentHint(true)
                    .openWorldHint(false)
                    .build())
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              String id = stringArgument(request, "id");
              return notes
                  .delete(id)
                  .map(
                      note ->
                          CallToolResult.builder()
                              .addTextContent(
                                  "Deleted note " + note.id() + " (" + note.title() + ").")
                              .build())
                  .orElseGet(() -> error("No note with id '" + id + "'."));
            })
        .build();
  }

  private CallToolResult search(CallToolRequest request) {
    String query = stringArgument(request, "query");
    Object limitArgument = request.arguments().get("limit");
    int limit = limitArgument instanceof Number n ? n.intValue() : DEFAULT_LIMIT;
    List<Map<String, Object>> hits =
        notes.search(query, Math.max(1, limit)).stream().map(TeamNotes.Note::toMap).toList();
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("query", query);
    structured.put("total", hits.size());
    structured.put("notes", hits);
    // The spec asks tools returning structured content to carry it as text too, for old clients.
    return CallToolResult.builder()
        .structuredContent(structured)
        .addTextContent(toJson(structured))
        .build();
  }

  private static String stringArgument(CallToolRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().isError(true).addTextContent(message).build();
  }

  private static String toJson(Object value) {
    try {
      return McpJsonDefaults.getMapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
