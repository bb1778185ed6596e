package dev.cairn.agent.job;

/**
 * How the built-in checkout runs git, from the official agent's flags of the same names. The flags
 * reach the job as {@code BUILDKITE_GIT_*_FLAGS}, so an {@code environment} or {@code pre-checkout}
 * hook may still change them, as with the official agent; they are split on whitespace (no
 * quoting).
 *
 * @param cloneFlags {@code --git-clone-flags}: for the first clone into an empty checkout directory
 * @param cleanFlags {@code --git-clean-flags}: for {@code git clean} before and after the checkout
 * @param fetchFlags {@code --git-fetch-flags}: for every {@code git fetch}
 * @param checkoutFlags {@code --git-checkout-flags}: for {@code git checkout}
 * @param submodules whether submodules are checked out too (off with {@code --no-git-submodules})
 * @param skip whether jobs skip the checkout ({@code --skip-checkout}): no checkout hook and no
 *     built-in checkout run, as if every job set {@code BUILDKITE_SKIP_CHECKOUT}
 */
public record CheckoutSettings(
    String cloneFlags,
    String cleanFlags,
    String fetchFlags,
    String checkoutFlags,
    boolean submodules,
    boolean skip) {

  /** The official agent's defaults. */
  public static final CheckoutSettings DEFAULTS =
      new CheckoutSettings("-v", "-ffxdq", "-v --prune", "-f", true, false);
}
