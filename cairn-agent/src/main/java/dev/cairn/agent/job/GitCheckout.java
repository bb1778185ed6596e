package dev.cairn.agent.job;

import java.util.List;

/**
 * The built-in checkout (spec §6, step 3), as a bash script so its commands and git's output land
 * in the job log as they run: clone {@code BUILDKITE_REPO} into an empty directory (with {@code
 * BUILDKITE_GIT_CLONE_FLAGS}), else make the directory a repository of it (init and add the remote
 * on first use, else point {@code origin} at it); clean, fetch the refspec, the commit or the
 * branch, check out, clean again; then, unless {@code BUILDKITE_GIT_SUBMODULES} is false, sync,
 * update and reset the submodules. The {@code BUILDKITE_GIT_*_FLAGS} variables carry the agent's
 * {@code --git-*-flags} ({@link CheckoutSettings}); their defaults are the official agent's, and
 * {@code git clean -ffxdq} removes everything a previous job left, ignored files included.
 *
 * <p>Design note: a directory that holds files but no repository (what a job left that had no
 * repository) is turned into one with {@code git init} rather than emptied, so a misdirected
 * checkout path never loses files.
 */
final class GitCheckout {
  private static final String SCRIPT =
      """
      set -euo pipefail
      export GIT_TERMINAL_PROMPT=0
      read -ra clone_flags <<< "${BUILDKITE_GIT_CLONE_FLAGS--v}"
      read -ra clean_flags <<< "${BUILDKITE_GIT_CLEAN_FLAGS--ffxdq}"
      read -ra fetch_flags <<< "${BUILDKITE_GIT_FETCH_FLAGS--v --prune}"
      read -ra checkout_flags <<< "${BUILDKITE_GIT_CHECKOUT_FLAGS--f}"
      shopt -s nullglob dotglob
      present=(*)
      shopt -u nullglob dotglob
      PS4='$ '
      set -x
      if [ -d .git ]; then
        git remote set-url origin "$BUILDKITE_REPO"
      elif [ ${#present[@]} -eq 0 ]; then
        git clone "${clone_flags[@]}" -- "$BUILDKITE_REPO" .
      else
        git init -q .
        git remote add origin "$BUILDKITE_REPO"
      fi
      submodules=false
      if [ "${BUILDKITE_GIT_SUBMODULES:-true}" != false ]; then submodules=true; fi
      if $submodules && [ -f .gitmodules ]; then
        git submodule foreach --recursive git clean "${clean_flags[@]}"
      fi
      git clean "${clean_flags[@]}"
      commit="${BUILDKITE_COMMIT:-HEAD}"
      if [ -n "${BUILDKITE_REFSPEC:-}" ]; then
        git fetch "${fetch_flags[@]}" -- origin $BUILDKITE_REFSPEC
        git checkout "${checkout_flags[@]}" "$commit"
      elif [ "$commit" = "HEAD" ]; then
        git fetch "${fetch_flags[@]}" -- origin "${BUILDKITE_BRANCH:-HEAD}"
        git checkout "${checkout_flags[@]}" FETCH_HEAD
      else
        git fetch "${fetch_flags[@]}" -- origin "$commit" \\
          || git fetch "${fetch_flags[@]}" -- origin "+refs/heads/*:refs/remotes/origin/*"
        git checkout "${checkout_flags[@]}" "$commit"
      fi
      if $submodules && [ -f .gitmodules ]; then
        git submodule sync --recursive
        git submodule update --init --recursive --force
        git submodule foreach --recursive git reset --hard
        git submodule foreach --recursive git clean "${clean_flags[@]}"
      fi
      git clean "${clean_flags[@]}"
      """;

  private GitCheckout() {}

  static List<String> command() {
    return List.of("bash", "-c", SCRIPT);
  }
}
