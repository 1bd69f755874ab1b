// ESLint for the run-time (compact ES5 scripts, no build step) and its node tests (issue 10, point 9).
// Run: npx eslint   (./dev check runs it).
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

const rules = {
  "no-unused-vars": ["error", { caughtErrors: "all", caughtErrorsIgnorePattern: "^_", argsIgnorePattern: "^_" }],
  // A warning, not an error: the adapters' long mappings are known; new code should stay under it.
  complexity: ["warn", 20],
};

module.exports = [
  { ignores: ["node_modules/**", "dist/**", "dist-*/**", ".venv/**", ".venv-ralph/**", "courses/**"] },
  {
    // the run-time, the built-in blocks' and adapters' JS, and the example plugin's block JS
    files: ["smab_pack/runtime/*.js", "smab_pack/builtin/**/*.js", "examples/*/src/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 5, // the run-time ships as is to old LMS browsers: ES5 syntax only
      sourceType: "script",
      // ES5 syntax, but the browser's Promise and typed arrays are used where present
      globals: {
        ...globals.browser,
        Promise: "readonly",
        Uint8Array: "readonly",
        module: "readonly", // state.js also loads in node for its tests
        SMAB: "readonly", // core.js sets window.SMAB; blocks and adapters use it
        SMABState: "readonly", // state.js sets it; core.js uses it
      },
    },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
  {
    // the preview's own page around the course (smab-pack preview): served by it, never packaged
    files: ["smab_pack/preview/assets/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, Promise: "readonly" },
    },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
  {
    // replaced by the packager with the course's settings (JSON) when the adapter is written
    files: ["smab_pack/builtin/xapi/adapter.js"],
    languageOptions: { globals: { __XAPI_CONFIG__: "readonly" } },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: "latest", sourceType: "commonjs", globals: { ...globals.node } },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
];
