/** Rounds `n` up to netlink's 4-byte alignment (NLMSG_ALIGN / NLA_ALIGN); the one place alignment is computed. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}
