package dev.cairn.agent.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plugin sources, names, directories and configuration variables, checked against what the official
 * agent derives from the same input (its plugin tests and docs).
 */
final class PluginTest {

  @Test
  void expandsShorthandSourcesOnceAndLeavesFullOnesAlone() {
    assertThat(PluginSource.full("docker#v5.1.0"))
        .isEqualTo("github.com/buildkite-plugins/docker-buildkite-plugin#v5.1.0");
    assertThat(PluginSource.full("acme/deploy#v1.2.3"))
        .isEqualTo("github.com/acme/deploy-buildkite-plugin#v1.2.3");
    assertThat(PluginSource.full("acme/deploy"))
        .isEqualTo("github.com/acme/deploy-buildkite-plugin");
    for (String full :
        List.of(
            "github.com/acme/deploy-buildkite-plugin#v1",
            "https://git.example.com/x/y.git#main",
            "ssh://git@example.com/x.git",
            "file:///srv/plugins/x#v1",
            "/srv/plugins/x",
            "./.buildkite/plugins/x")) {
      assertThat(PluginSource.full(full)).isEqualTo(full);
      assertThat(PluginSource.full(PluginSource.full(full))).isEqualTo(full);
    }
  }

  @Test
  void derivesNameLabelIdentifierAndRepository() {
    Plugin docker = Plugin.of("docker-compose#v4.16.0", null);
    assertThat(docker.location())
        .isEqualTo("github.com/buildkite-plugins/docker-compose-buildkite-plugin");
    assertThat(docker.version()).isEqualTo("v4.16.0");
    assertThat(docker.name()).isEqualTo("docker-compose");
    assertThat(docker.identifier())
        .isEqualTo("github-com-buildkite-plugins-docker-compose-buildkite-plugin-v4-16-0");
    assertThat(docker.repository())
        .isEqualTo("https://github.com/buildkite-plugins/docker-compose-buildkite-plugin");
    assertThat(docker.subdirectory()).isEmpty();
    assertThat(docker.vendored()).isFalse();

    Plugin ssh = Plugin.of("ssh://git@git.example.com/tools/My_Thing.git/sub/dir#main", null);
    assertThat(ssh.repository()).isEqualTo("ssh://git@git.example.com/tools/My_Thing.git");
    assertThat(ssh.subdirectory()).isEqualTo("sub/dir");
    assertThat(ssh.name()).isEqualTo("dir");
    assertThat(ssh.toString()).doesNotContain("git@");

    Plugin file = Plugin.of("file:///srv/plugins/lint-buildkite-plugin.git#v2", null);
    assertThat(file.repository()).isEqualTo("/srv/plugins/lint-buildkite-plugin.git");
    assertThat(file.name()).isEqualTo("lint");

    Plugin path = Plugin.of("/srv/plugins/Fancy Thing#v1", null);
    assertThat(path.name()).isEqualTo("fancy-thing");
    assertThat(path.repository()).isEqualTo("/srv/plugins/Fancy Thing");

    assertThat(Plugin.of("./.buildkite/plugins/local", null).vendored()).isTrue();
  }

  @Test
  void rejectsMalformedSourcesWithTheSourceInTheMessage() {
    assertThatThrownBy(() -> Plugin.of("github.com/a/b#v1#v2", null))
        .hasMessageContaining("too many #'s")
        .hasMessageContaining("github.com/a/b#v1#v2");
    assertThatThrownBy(() -> Plugin.of("https://github.com/acme", null).repository())
        .hasMessageContaining("incomplete plugin path");
  }

  @Test
  void readsEveryFormOfThePluginsJson() {
    List<Plugin> plugins =
        PluginList.parse(
            """
            ["docker#v1",
             {"github.com/acme/a-buildkite-plugin#v2": null},
             {"acme/b#v3": {"k": "v"}, "acme/c": {}}]
            """);
    assertThat(plugins).extracting(Plugin::name).containsExactly("docker", "a", "b", "c");
    assertThat(plugins.get(2).config().get("k").asText()).isEqualTo("v");
    assertThat(PluginList.parse("")).isEmpty();
    assertThatThrownBy(() -> PluginList.parse("{\"a\":1}"))
        .hasMessageContaining("not a JSON array");
    assertThatThrownBy(() -> PluginList.parse("[{\"acme/x\": [1]}]"))
        .hasMessageContaining("BUILDKITE_PLUGINS[0]")
        .hasMessageContaining("acme/x")
        .hasMessageContaining("not an object");
    assertThatThrownBy(() -> PluginList.parse("[1]")).hasMessageContaining("BUILDKITE_PLUGINS[0]");
    assertThatThrownBy(() -> PluginList.parse("[")).hasMessageContaining("not JSON");
  }

  @Test
  void flattensTheConfigurationAsTheOfficialAgentNamesIt() {
    Plugin plugin =
        PluginList.parse(
                """
                [{"acme/docker-compose#v1": {
                  "run": "app",
                  "config": ["a.yml", "b.yml"],
                  "build-args": {"node version": 20, "strict": true},
                  "matrix": [{"os": "linux"}, ["x", 1.5]],
                  "double--dash": "d",
                  "html": "<a&b>"
                }}]
                """)
            .getFirst();

    Map<String, String> env = PluginEnvironment.of(plugin).env();

    assertThat(env)
        .containsEntry("BUILDKITE_PLUGIN_NAME", "DOCKER_COMPOSE")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_RUN", "app")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_CONFIG_0", "a.yml")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_CONFIG_1", "b.yml")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_BUILD_ARGS_NODE_VERSION", "20")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_BUILD_ARGS_STRICT", "true")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_MATRIX_0_OS", "linux")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_MATRIX_1_0", "x")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_MATRIX_1_1", "1.5")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_DOUBLE__DASH", "d")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_DOUBLE_DASH", "d")
        .containsEntry("BUILDKITE_PLUGIN_DOCKER_COMPOSE_HTML", "<a&b>");
    assertThat(env.get("BUILDKITE_PLUGIN_CONFIGURATION"))
        .isEqualTo(
            "{\"build-args\":{\"node version\":20,\"strict\":true},\"config\":[\"a.yml\",\"b.yml\"],"
                + "\"double--dash\":\"d\",\"html\":\"\\u003ca\\u0026b\\u003e\","
                + "\"matrix\":[{\"os\":\"linux\"},[\"x\",1.5]],\"run\":\"app\"}");
    assertThat(PluginEnvironment.of(plugin).warning()).isNull();
  }

  @Test
  void aNullValueExportsNoKeysButStillTheNameAndConfiguration() {
    Plugin plugin = PluginList.parse("[{\"acme/x#v1\": {\"a\": \"1\", \"b\": null}}]").getFirst();

    PluginEnvironment.Result result = PluginEnvironment.of(plugin);

    assertThat(result.env())
        .containsOnlyKeys("BUILDKITE_PLUGIN_NAME", "BUILDKITE_PLUGIN_CONFIGURATION");
    assertThat(result.warning()).contains("BUILDKITE_PLUGIN_X_B is null");
  }

  @Test
  void aPluginWithoutConfigurationHasAnEmptyObject() {
    Plugin plugin = PluginList.parse("[\"acme/x#v1\"]").getFirst();
    assertThat(PluginEnvironment.of(plugin).env())
        .containsEntry("BUILDKITE_PLUGIN_CONFIGURATION", "{}")
        .containsEntry("BUILDKITE_PLUGIN_NAME", "X");
  }
}
