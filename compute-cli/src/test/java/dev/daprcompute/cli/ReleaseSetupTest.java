package dev.daprcompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The POMs are set up for a release to Maven Central, and docs/releasing.md says how to make one.
 */
@DisplayName("The release set-up")
class ReleaseSetupTest {
  private static final List<String> REQUIRED =
      List.of("name", "description", "url", "licenses", "developers", "scm");

  @Test
  @DisplayName(
      "Every published module has the metadata Central requires, its own or inherited unchanged")
  void metadata() throws Exception {
    Element parent = pom("pom.xml");
    for (String field : REQUIRED) {
      assertThat(child(parent, field)).as("the parent's %s", field).isNotNull();
    }
    // Inherited as they are: without these, every module's URL would get its artifactId appended.
    assertThat(parent.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
    Element scm = child(parent, "scm");
    for (String attribute : List.of("connection", "developerConnection", "url")) {
      assertThat(scm.getAttribute("child.scm." + attribute + ".inherit.append.path"))
          .as(attribute)
          .isEqualTo("false");
    }
    Element developer = child(child(parent, "developers"), "developer");
    assertThat(text(developer, "name")).isNotBlank();

    Element bom = pom("compute-bom/pom.xml");
    assertThat(child(bom, "parent")).as("the BOM has no parent").isNull();
    for (String field : REQUIRED) {
      assertThat(child(bom, field)).as("the BOM's %s", field).isNotNull();
    }
    assertThat(text(bom, "url")).isEqualTo(text(parent, "url"));

    for (String module : published()) {
      Element pom = pom(module + "/pom.xml");
      assertThat(text(pom, "name")).as("%s's name", module).isNotBlank();
      assertThat(text(pom, "description")).as("%s's description", module).isNotBlank();
      assertThat(text(child(pom, "parent"), "artifactId")).isEqualTo("dapr-compute-parent");
      assertThat(child(pom, "url")).as("%s inherits the project's url", module).isNull();
    }
  }

  @Test
  @DisplayName("What the BOM pins is what is published; the other modules skip deploying")
  void publishedModules() throws Exception {
    Set<String> pinned = new TreeSet<>();
    NodeList dependencies = pom("compute-bom/pom.xml").getElementsByTagName("artifactId");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Node node = dependencies.item(i);
      if (node.getParentNode().getNodeName().equals("dependency")) {
        pinned.add(node.getTextContent().strip());
      }
    }
    assertThat(pinned).containsExactlyInAnyOrderElementsOf(published());
    for (String module : modules()) {
      boolean skips =
          "true".equals(text(child(pom(module + "/pom.xml"), "properties"), "maven.deploy.skip"));
      assertThat(skips)
          .as("%s skips deploying", module)
          .isEqualTo(!published().contains(module) && !module.equals("compute-bom"));
    }
  }

  @Test
  @DisplayName(
      "The release profile attaches sources and javadoc, signs, and publishes with pinned plugins")
  void releaseProfile() throws Exception {
    Element parent = pom("pom.xml");
    Element release = profile(parent, "release");
    assertThat(goals(release, "maven-source-plugin")).contains("jar-no-fork");
    assertThat(goals(release, "maven-javadoc-plugin")).contains("jar");
    assertThat(goals(release, "maven-gpg-plugin")).contains("sign");
    assertThat(plugin(release, "central-publishing-maven-plugin")).isNotNull();
    assertThat(text(plugin(release, "central-publishing-maven-plugin"), "extensions"))
        .isEqualTo("true");
    Element managed = child(child(parent, "build"), "pluginManagement");
    for (String plugin :
        List.of(
            "maven-source-plugin",
            "maven-javadoc-plugin",
            "maven-gpg-plugin",
            "central-publishing-maven-plugin")) {
      assertThat(text(plugin(managed, plugin), "version")).as("%s pinned", plugin).isNotBlank();
    }
    Element bomRelease = profile(pom("compute-bom/pom.xml"), "release");
    assertThat(goals(bomRelease, "maven-gpg-plugin")).contains("sign");
    assertThat(plugin(bomRelease, "central-publishing-maven-plugin")).isNotNull();
  }

  @Test
  @DisplayName("docs/releasing.md and README give the commands the POMs support")
  void documentedCommands() throws Exception {
    String releasing = Repository.read("docs/releasing.md");
    List<String> unpublished = new ArrayList<>();
    for (String module : modules()) {
      if (!published().contains(module) && !module.equals("compute-bom")) {
        unpublished.add("!" + module);
      }
    }
    String reactor = "-pl '" + String.join(",", unpublished) + "'";
    for (String module : published()) {
      assertThat(releasing)
          .as("docs/releasing.md names %s among the published artifacts", module)
          .contains("`" + module + "`");
    }
    assertThat(releasing)
        .contains("mvn -B -Prelease -Dgpg.skip " + reactor + " verify")
        .contains("-Prelease -Dgpg.keyname=<key id> " + reactor + " clean deploy")
        .contains("mvn -B -DskipTests install");
    assertThat(Repository.read("README.md")).contains("mvn -B -DskipTests install");
  }

  /**
   * Every library module is published: the {@code compute-*} modules but the BOM (apart) and the
   * benchmarks.
   */
  private static List<String> published() throws Exception {
    return modules().stream()
        .filter(m -> m.startsWith("compute-"))
        .filter(m -> !m.equals("compute-bom") && !m.equals("compute-benchmarks"))
        .toList();
  }

  private static List<String> modules() throws Exception {
    List<String> modules = new ArrayList<>();
    NodeList list = child(pom("pom.xml"), "modules").getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      modules.add(list.item(i).getTextContent().strip());
    }
    return modules;
  }

  private static Element pom(String relative) throws Exception {
    Path file = Repository.root().resolve(relative);
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  private static Element profile(Element pom, String id) {
    for (Element profile : children(child(pom, "profiles"), "profile")) {
      if (id.equals(text(profile, "id"))) {
        return profile;
      }
    }
    throw new AssertionError("no profile '" + id + "'");
  }

  /** The plugin {@code artifactId} under {@code element}'s build (or the element's own plugins). */
  private static Element plugin(Element element, String artifactId) {
    Element build = child(element, "build");
    Element plugins = child(build != null ? build : element, "plugins");
    for (Element plugin : children(plugins, "plugin")) {
      if (artifactId.equals(text(plugin, "artifactId"))) {
        return plugin;
      }
    }
    throw new AssertionError("no plugin " + artifactId);
  }

  private static List<String> goals(Element profile, String artifactId) {
    List<String> goals = new ArrayList<>();
    NodeList list = plugin(profile, artifactId).getElementsByTagName("goal");
    for (int i = 0; i < list.getLength(); i++) {
      goals.add(list.item(i).getTextContent().strip());
    }
    return goals;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().strip();
  }
}
