package dev.mcpfirewall.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * A configuration file read into plain values ({@code Map<String, Object>}, {@code List<Object>},
 * {@link String}, {@link Number}, {@link Boolean}, {@code null}) with {@code ${VAR}} references
 * substituted, remembering where in the text each value and key started.
 *
 * <p>The YAML is composed into SnakeYAML's node tree rather than loaded straight into objects, so
 * that every value keeps its position (for messages) and only the core YAML types can be built: an
 * explicit tag such as {@code !!java.net.URL} is an error, not an object. Dates stay text, so that
 * an unquoted {@code 2025-06-18} is still a protocol version.
 */
final class YamlDocument {

  /** Anchors and aliases are allowed, but not enough of them to build an alias bomb. */
  private static final int MAX_ALIASES = 20;

  private static final int MAX_NESTING = 64;
  private static final int MAX_VALUES = 100_000;
  static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

  private final EnvironmentSubstitution environment;
  private final ScalarConstructor scalars;
  private final Map<String, Mark> valueMarks = new HashMap<>();
  private final Map<String, Mark> keyMarks = new HashMap<>();
  private final List<ConfigProblem> problems = new ArrayList<>();
  private int values;
  private Object root;

  private YamlDocument(EnvironmentSubstitution environment, LoaderOptions options) {
    this.environment = environment;
    this.scalars = new ScalarConstructor(options);
  }

  /**
   * Reads {@code yaml}.
   *
   * @throws ConfigException if the text is not one well-formed YAML document; problems inside a
   *     well-formed document are collected in {@link #problems()} instead
   */
  static YamlDocument read(String yaml, String sourceName, EnvironmentSubstitution environment) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported below, with both positions
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMergeOnCompose(true);
    YamlDocument document = new YamlDocument(environment, options);
    Node node;
    try {
      node =
          new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(), options)
              .getSingleNode();
    } catch (MarkedYAMLException e) {
      throw new ConfigException(sourceName, List.of(syntaxProblem(e)));
    } catch (YAMLException e) {
      throw new ConfigException(sourceName, List.of("cannot be read as YAML: " + e.getMessage()));
    }
    if (node == null) {
      document.problems.add(
          ConfigProblem.at("", "the file is empty; it must at least list upstreams"));
      document.root = Map.of();
      return document;
    }
    try {
      document.root = document.convert(node, "", 0);
    } catch (TooLarge e) {
      throw new ConfigException(sourceName, List.of(e.getMessage()));
    }
    return document;
  }

  /** The document's content: a {@code Map} for any usable configuration file. */
  Object root() {
    return root;
  }

  /** Problems found while reading: unset variables, duplicate keys, unsupported tags. */
  List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /**
   * Where {@code problem} is in the text: the position of its key or value, or of the nearest
   * enclosing value when it has none (a missing key is reported at its object).
   */
  Optional<Mark> position(ConfigProblem problem) {
    if (problem.atKey() && keyMarks.containsKey(problem.pointer())) {
      return Optional.of(keyMarks.get(problem.pointer()));
    }
    String pointer = problem.pointer();
    while (true) {
      Mark mark = valueMarks.get(pointer);
      if (mark != null) {
        return Optional.of(mark);
      }
      int slash = pointer.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      pointer = pointer.substring(0, slash);
    }
  }

  private Object convert(Node node, String pointer, int depth) {
    if (++values > MAX_VALUES || depth > MAX_NESTING) {
      throw new TooLarge(
          "the document is too large or too deeply nested to be a configuration file"
              + " (check its anchors and aliases)");
    }
    valueMarks.putIfAbsent(pointer, node.getStartMark());
    if (node instanceof MappingNode mapping) {
      requireTag(mapping, Tag.MAP, pointer);
      return convertMapping(mapping, pointer, depth);
    }
    if (node instanceof SequenceNode sequence) {
      requireTag(sequence, Tag.SEQ, pointer);
      List<Object> list = new ArrayList<>(sequence.getValue().size());
      for (Node item : sequence.getValue()) {
        list.add(convert(item, ConfigProblem.child(pointer, list.size()), depth + 1));
      }
      return list;
    }
    return convertScalar((ScalarNode) node, pointer);
  }

  private Map<String, Object> convertMapping(MappingNode mapping, String pointer, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        keyMarks.putIfAbsent(pointer + "/?", tuple.getKeyNode().getStartMark());
        problems.add(ConfigProblem.atKey(pointer + "/?", "keys must be plain text"));
        continue;
      }
      String key = keyNode.getValue();
      String child = ConfigProblem.child(pointer, key);
      if (map.containsKey(key)) {
        Mark first = keyMarks.get(child);
        problems.add(
            new ConfigProblem(
                child, "duplicate key; already set on line " + (first.getLine() + 1), true));
        // Point at the second occurrence, the one the operator probably just added.
        keyMarks.put(child, keyNode.getStartMark());
        continue;
      }
      keyMarks.put(child, keyNode.getStartMark());
      map.put(key, convert(tuple.getValueNode(), child, depth + 1));
    }
    return map;
  }

  private Object convertScalar(ScalarNode scalar, String pointer) {
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.STR)) {
      try {
        return environment.substitute(scalar.getValue());
      } catch (EnvironmentSubstitution.Failure e) {
        problems.add(ConfigProblem.at(pointer, e.getMessage()));
        return scalar.getValue();
      }
    }
    if (tag.equals(Tag.TIMESTAMP)) {
      return scalar.getValue();
    }
    if (tag.equals(Tag.NULL)
        || tag.equals(Tag.BOOL)
        || tag.equals(Tag.INT)
        || tag.equals(Tag.FLOAT)) {
      try {
        return scalars.construct(scalar);
      } catch (YAMLException | NumberFormatException e) {
        problems.add(ConfigProblem.at(pointer, "is not a valid " + tag.getClassName()));
        return scalar.getValue();
      }
    }
    problems.add(ConfigProblem.at(pointer, unsupportedTag(tag)));
    return scalar.getValue();
  }

  private void requireTag(Node node, Tag expected, String pointer) {
    if (!node.getTag().equals(expected)) {
      problems.add(ConfigProblem.at(pointer, unsupportedTag(node.getTag())));
    }
  }

  private static String unsupportedTag(Tag tag) {
    String shown =
        tag.getValue().startsWith(Tag.PREFIX)
            ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
            : tag.getValue();
    return "the YAML tag " + shown + " is not supported in a configuration file; remove it";
  }

  private static String syntaxProblem(MarkedYAMLException e) {
    boolean syntax = e instanceof ScannerException || e instanceof ParserException;
    StringBuilder text = new StringBuilder(syntax ? "YAML syntax error: " : "YAML error: ");
    if (e.getContext() != null) {
      text.append(e.getContext()).append(", ");
    }
    text.append(e.getProblem());
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    if (mark != null) {
      text.append(" (line ")
          .append(mark.getLine() + 1)
          .append(", column ")
          .append(mark.getColumn() + 1)
          .append(')');
    }
    return text.toString();
  }

  /** SnakeYAML's safe construction of the core scalar types (YAML 1.1 ints, floats, booleans). */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor(LoaderOptions options) {
      super(options);
    }

    Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }

  private static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message, null, false, false);
    }
  }
}
