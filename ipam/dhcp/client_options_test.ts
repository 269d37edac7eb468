import assert from "node:assert/strict";
import { DEFAULT_REQUEST, prepareClientOptions } from "./client_options.ts";
import { DhcpOption, parseOptionName } from "./options.ts";

Deno.test("parseOptionName() knows the reference's names and decimal codes", () => {
  assert.equal(parseOptionName("host-name"), DhcpOption.HOST_NAME);
  assert.equal(parseOptionName("dhcp-client-identifier"), DhcpOption.CLIENT_ID);
  assert.equal(parseOptionName("121"), 121);
  assert.throws(() => parseOptionName("domain-name"), RangeError);
  assert.throws(() => parseOptionName("256"), RangeError);
});

Deno.test("prepareClientOptions() takes provide values literally or from CNI_ARGS, fromArg winning", () => {
  const { provide } = prepareClientOptions({
    provide: [
      { option: "host-name", value: "fallback", fromArg: "K8S_POD_NAME" },
      { option: "user-class", value: "gold" },
      { option: "60", fromArg: "MISSING" },
    ],
  }, [["K8S_POD_NAME", "web-0"]]);
  const text = (code: number) => new TextDecoder().decode(provide.get(code));
  assert.equal(text(DhcpOption.HOST_NAME), "web-0");
  assert.equal(text(DhcpOption.USER_CLASS), "gold");
  assert.equal(provide.has(DhcpOption.VENDOR_CLASS_ID), false);
});

Deno.test("prepareClientOptions() adds the default request list unless skipDefault", () => {
  assert.deepEqual(prepareClientOptions({}, []).requestList, [...DEFAULT_REQUEST]);
  assert.deepEqual(prepareClientOptions({ request: [{ option: "42" }] }, []).requestList, [42, ...DEFAULT_REQUEST]);
  assert.deepEqual(
    prepareClientOptions({ request: [{ option: "subnet-mask", skipDefault: true }, { option: "42" }] }, []).requestList,
    [1, 42],
  );
});

Deno.test("prepareClientOptions() refuses values over 255 bytes and unknown names", () => {
  assert.throws(
    () => prepareClientOptions({ provide: [{ option: "host-name", value: "x".repeat(256) }] }, []),
    RangeError,
  );
  assert.throws(
    () => prepareClientOptions({ provide: [{ option: "12", fromArg: "A" }] }, [["A", "y".repeat(300)]]),
    /from CNI_ARGS "A"/,
  );
  assert.throws(() => prepareClientOptions({ request: [{ option: "nope" }] }, []), /Cannot parse option "nope"/);
});
