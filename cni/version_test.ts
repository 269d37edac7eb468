import assert from "node:assert/strict";
import {
  compareVersions,
  CURRENT_VERSION,
  pickVersion,
  SPEC_VERSIONS,
  versionAtLeast,
  versionReply,
  versionReplyText,
} from "./version.ts";

Deno.test("SPEC_VERSIONS lists every spec version in order, ending at CURRENT_VERSION", () => {
  assert.deepEqual(SPEC_VERSIONS, ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]);
  assert.equal(SPEC_VERSIONS.at(-1), CURRENT_VERSION);
  const sorted = [...SPEC_VERSIONS].reverse().sort(compareVersions);
  assert.deepEqual(sorted, SPEC_VERSIONS);
});

Deno.test("compareVersions() compares numerically, not as text", () => {
  assert.ok(compareVersions("0.10.0", "0.9.0") > 0);
  assert.ok(compareVersions("1.0.0", "0.4.0") > 0);
  assert.equal(compareVersions("0.3.1", "0.3.1"), 0);
  assert.ok(compareVersions("0.3.0", "0.3.1") < 0);
  assert.throws(() => compareVersions("1.0", "1.0.0"), SyntaxError);
  assert.throws(() => compareVersions("v1.0.0", "1.0.0"), /Cannot parse CNI version "v1.0.0"/);
});

Deno.test("versionAtLeast() gates verbs the way the skel needs", () => {
  assert.equal(versionAtLeast("0.4.0", "0.4.0"), true);
  assert.equal(versionAtLeast("0.3.1", "0.4.0"), false);
  assert.equal(versionAtLeast("1.1.0", "1.1.0"), true);
  assert.equal(versionAtLeast("1.0.0", "1.1.0"), false);
});

Deno.test("pickVersion() negotiates as libcni does", () => {
  assert.equal(pickVersion(), "0.1.0");
  assert.equal(pickVersion(""), "0.1.0");
  assert.equal(pickVersion("0.4.0"), "0.4.0");
  assert.equal(pickVersion("9.0.0"), "9.0.0", "without cniVersions the version is used as is");
  assert.equal(pickVersion("0.4.0", ["1.0.0", "0.3.1"]), "1.0.0");
  assert.equal(pickVersion("1.0.0", ["0.3.1", "2.0.0"]), "1.0.0", "newer than current are dropped");
  assert.equal(pickVersion(undefined, ["1.1.0", "0.10.0"]), "1.1.0");
  assert.equal(pickVersion(undefined, ["5.0.0"]), "0.1.0");
  assert.equal(pickVersion(undefined, []), "0.1.0");
  assert.throws(() => pickVersion("1.0.0", ["one"]), SyntaxError);
});

Deno.test("versionReply() echoes a known request version and falls back to current", () => {
  assert.deepEqual(versionReply("0.4.0", ["0.4.0", "1.0.0"]), {
    cniVersion: "0.4.0",
    supportedVersions: ["0.4.0", "1.0.0"],
  });
  assert.deepEqual(versionReply(undefined).cniVersion, CURRENT_VERSION);
  assert.deepEqual(versionReply("7.7.7").cniVersion, CURRENT_VERSION);
  assert.deepEqual(versionReply("1.0.0").supportedVersions, [...SPEC_VERSIONS]);
});

Deno.test("versionReplyText() reads the requested version from the body and ignores a body that is not a request", () => {
  const body = (text: string) => new TextEncoder().encode(text);
  assert.equal(
    versionReplyText(body('{"cniVersion":"0.4.0"}'), ["0.4.0", "1.0.0"]),
    '{"cniVersion":"0.4.0","supportedVersions":["0.4.0","1.0.0"]}\n',
  );
  for (const text of ["", "not json", "null", "[]", '{"cniVersion":4}']) {
    assert.equal(JSON.parse(versionReplyText(body(text))).cniVersion, CURRENT_VERSION, text);
  }
});
