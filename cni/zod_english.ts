/**
 * Installs zod's English issue messages. zod/mini ships without a locale (every issue would read "Invalid input"),
 * while zod classic installs English when imported; our CNI errors quote these messages
 * (`ipam.subnet: Invalid input: expected string, received number`), so every module that builds a schema imports this
 * one for its effect, before any parse can run. The locale is global to zod and installing it twice is harmless.
 * @module
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());
