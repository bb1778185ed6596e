package dev.cairn.agent.job;

import java.util.List;

/**
 * The built-in checkout (spec §6, step 3), as a bash script so its commands and git's output land
 * in the job log as they run: make the directory a repository of {@code BUILDKITE_REPO} (init and
 * add the remote on first use, else point {@code origin} at it), clean, fetch the refspec, the
 * commit or the branch, check out {@code -f}, clean again. {@code git clean -ffxdq} removes
 * everything a previous job left, ignored files included.
 */
final class GitCheckout {
  private static final String SCRIPT =
      """
      set -euo pipefail
      export GIT_TERMINAL_PROMPT=0
      PS4='$ '
      set -x
      if [ ! -d .git ]; then
        git init -q .
        git remote add origin "$BUILDKITE_REPO"
      else
        git remote set-url origin "$BUILDKITE_REPO"
      fi
      git clean -ffxdq
      commit="${BUILDKITE_COMMIT:-HEAD}"
      if [ -n "${BUILDKITE_REFSPEC:-}" ]; then
        git fetch -v --prune -- origin $BUILDKITE_REFSPEC
        git checkout -f "$commit"
      elif [ "$commit" = "HEAD" ]; then
        git fetch -v --prune -- origin "${BUILDKITE_BRANCH:-HEAD}"
        git checkout -f FETCH_HEAD
      else
        git fetch -v --prune -- origin "$commit" \\
          || git fetch -v --prune -- origin "+refs/heads/*:refs/remotes/origin/*"
        git checkout -f "$commit"
      fi
      git clean -ffxdq
      """;

  private GitCheckout() {}

  static List<String> command() {
    return List.of("bash", "-c", SCRIPT);
  }
}
