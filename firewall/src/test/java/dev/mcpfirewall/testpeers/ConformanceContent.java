package dev.mcpfirewall.testpeers;

import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources, resource template, prompts and completions the conformance suite's server
 * scenarios read.
 */
final class ConformanceContent {

  private static final Pattern TEMPLATE_URI = Pattern.compile("test://template/([^/]+)/data");
  private static final List<String> ARG1_CANDIDATES =
      List.of("paris", "park", "party", "test", "testing", "tested");

  private ConformanceContent() {}

  static List<SyncResourceSpecification> resources() {
    return List.of(
        textResource(
            "test://static-text",
            "static-text",
            "A static text resource.",
            "This is the content of the static text resource."),
        new SyncResourceSpecification(
            Resource.builder("test://static-binary", "static-binary")
                .description("A static binary resource (a PNG image).")
                .mimeType("image/png")
                .build(),
            (exchange, request) ->
                new ReadResourceResult(
                    List.of(
                        BlobResourceContents.builder(request.uri(), TestMedia.RED_PIXEL_PNG)
                            .mimeType("image/png")
                            .build()))),
        textResource(
            "test://watched-resource",
            "watched-resource",
            "A resource clients can subscribe to.",
            "Watched resource content."));
  }

  static List<SyncResourceTemplateSpecification> resourceTemplates() {
    return List.of(
        new SyncResourceTemplateSpecification(
            ResourceTemplate.builder("test://template/{id}/data", "template-data")
                .description("Data for one id, substituted from the URI.")
                .mimeType("application/json")
                .build(),
            (exchange, request) -> {
              Matcher uri = TEMPLATE_URI.matcher(request.uri());
              String id = uri.matches() ? uri.group(1) : "";
              String json =
                  "{\"id\":\""
                      + id
                      + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                      + id
                      + "\"}";
              return new ReadResourceResult(
                  List.of(
                      TextResourceContents.builder(request.uri(), json)
                          .mimeType("application/json")
                          .build()));
            }));
  }

  static List<SyncPromptSpecification> prompts() {
    return List.of(
        new SyncPromptSpecification(
            Prompt.builder("test_simple_prompt")
                .description("A prompt without arguments.")
                .arguments(List.of())
                .build(),
            (exchange, request) ->
                messages(
                    new PromptMessage(
                        Role.USER, new TextContent("This is a simple prompt for testing.")))),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_arguments")
                .description("A prompt with two required arguments.")
                .arguments(
                    List.of(
                        argument("arg1", "First test argument"),
                        argument("arg2", "Second test argument")))
                .build(),
            (exchange, request) ->
                messages(
                    new PromptMessage(
                        Role.USER,
                        new TextContent(
                            "Prompt with arguments: arg1='"
                                + argument(request, "arg1")
                                + "', arg2='"
                                + argument(request, "arg2")
                                + "'")))),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_embedded_resource")
                .description("A prompt embedding a resource.")
                .arguments(List.of(argument("resourceUri", "URI of the resource to embed")))
                .build(),
            (exchange, request) ->
                messages(
                    new PromptMessage(
                        Role.USER,
                        EmbeddedResource.builder(
                                TextResourceContents.builder(
                                        argument(request, "resourceUri"),
                                        "Embedded resource content for testing.")
                                    .mimeType("text/plain")
                                    .build())
                            .build()),
                    new PromptMessage(
                        Role.USER,
                        new TextContent("Please process the embedded resource above.")))),
        new SyncPromptSpecification(
            Prompt.builder("test_prompt_with_image")
                .description("A prompt with an image.")
                .arguments(List.of())
                .build(),
            (exchange, request) ->
                messages(
                    new PromptMessage(
                        Role.USER,
                        ImageContent.builder(TestMedia.RED_PIXEL_PNG, "image/png").build()),
                    new PromptMessage(
                        Role.USER, new TextContent("Please analyze the image above.")))));
  }

  static List<SyncCompletionSpecification> completions() {
    return List.of(
        new SyncCompletionSpecification(
            new PromptReference("test_prompt_with_arguments"),
            (exchange, request) -> {
              String prefix = request.argument().value();
              List<String> values =
                  ARG1_CANDIDATES.stream().filter(value -> value.startsWith(prefix)).toList();
              return new CompleteResult(new CompleteCompletion(values, values.size(), false));
            }));
  }

  private static SyncResourceSpecification textResource(
      String uri, String name, String description, String text) {
    return new SyncResourceSpecification(
        Resource.builder(uri, name).description(description).mimeType("text/plain").build(),
        (exchange, request) ->
            new ReadResourceResult(
                List.of(TextResourceContents.builder(uri, text).mimeType("text/plain").build())));
  }

  private static PromptArgument argument(String name, String description) {
    return PromptArgument.builder(name).description(description).required(true).build();
  }

  private static String argument(GetPromptRequest request, String name) {
    Map<String, Object> arguments = request.arguments();
    Object value = arguments == null ? null : arguments.get(name);
    return value == null ? "" : value.toString();
  }

  private static GetPromptResult messages(PromptMessage... messages) {
    return new GetPromptResult(null, List.of(messages));
  }
}
