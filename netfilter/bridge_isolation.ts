/**
 * The firewall plugin's ingress policies (plugins/meta/firewall/ingresspolicy.go): Docker-style
 * `CNI-ISOLATION-STAGE-1/2` filter chains per bridge, jumped first from FORWARD. `same-bridge` drops traffic into the
 * bridge from other interfaces; `isolated` also drops traffic between ports of the same bridge. Never torn down,
 * since other containers may share the bridge.
 * @module
 */
import type { CommandRunner } from "./command_runner.ts";
import { type IpFamily, Iptables } from "./iptables.ts";

/** First isolation stage: traffic entering from a bridge. */
export const ISOLATION_STAGE_1 = "CNI-ISOLATION-STAGE-1";
/** Second isolation stage: traffic leaving to a bridge. */
export const ISOLATION_STAGE_2 = "CNI-ISOLATION-STAGE-2";

const DEFAULT_COMMENT = "CNI firewall plugin rules (ingressPolicy: same-bridge|isolated)";

/** One rule to ensure, in the order the reference ensures them. */
export interface IsolationRule {
  /** Filter chain. */
  chain: string;
  /** The rule's argv. */
  rule: string[];
  /** Insert first instead of appending. */
  prepend: boolean;
}

/** The rules for `bridge`, each tagged with the reference's comment. */
export function isolationRules(bridge: string, options: { isolated: boolean }): IsolationRule[] {
  const policy = `CNI firewall plugin rules (ingressPolicy: ${options.isolated ? "isolated" : "same-bridge"})`;
  const tag = (rule: string[], comment: string) => [...rule, "-m", "comment", "--comment", comment];
  const rules: IsolationRule[] = [
    { chain: "FORWARD", rule: tag(["-j", ISOLATION_STAGE_1], DEFAULT_COMMENT), prepend: true },
    {
      chain: ISOLATION_STAGE_1,
      rule: tag(["-i", bridge, "!", "-o", bridge, "-j", ISOLATION_STAGE_2], policy),
      prepend: true,
    },
  ];
  if (options.isolated) {
    rules.push({
      chain: ISOLATION_STAGE_1,
      rule: tag(["-i", bridge, "-o", bridge, "-j", "DROP"], policy),
      prepend: true,
    });
  }
  rules.push(
    { chain: ISOLATION_STAGE_1, rule: tag(["-j", "RETURN"], DEFAULT_COMMENT), prepend: false },
    { chain: ISOLATION_STAGE_2, rule: tag(["-o", bridge, "-j", "DROP"], DEFAULT_COMMENT), prepend: true },
    { chain: ISOLATION_STAGE_2, rule: tag(["-j", "RETURN"], DEFAULT_COMMENT), prepend: false },
  );
  return rules;
}

/** Ensures the isolation chains and rules for `bridge` in each family of `families`. */
export async function setupBridgeIsolation(
  bridge: string,
  options: { isolated: boolean; families: readonly IpFamily[]; run?: CommandRunner | undefined },
): Promise<void> {
  for (const family of new Set(options.families)) {
    const ipt = new Iptables(family, options.run ? { run: options.run } : {});
    for (const chain of [ISOLATION_STAGE_1, ISOLATION_STAGE_2]) await ipt.ensureChain({ table: "filter", chain });
    for (const r of isolationRules(bridge, options)) {
      await ipt.ensureRule({ table: "filter", chain: r.chain }, r.rule, { prepend: r.prepend });
    }
  }
}
