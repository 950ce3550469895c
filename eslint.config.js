import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".data/**", "app/platform/db/generated/**", "public/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Test helpers read loosely-typed JSON responses.
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  // ── Module doors (docs/modules.md). Checked again, with table ownership, by
  // tests/platform/module-doors.test.ts.
  {
    // Routes, components, GraphQL and the server entry: a module's index or its client-safe public.ts only.
    files: ["app/**/*.{ts,tsx}", "graphql/**/*.ts", "server.ts"],
    ignores: ["app/modules/**", "app/platform/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(~|\\.{1,2})/(.+/)?modules/[^/]+/(?!public$).+",
              message:
                "Import a module through its door: `~/modules/<module>` (index.ts) or `~/modules/<module>/public` (client-safe). See docs/modules.md.",
            },
          ],
        },
      ],
    },
  },
  {
    // Inside a module: other modules through their doors only; nothing relative across module folders.
    files: ["app/modules/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^~/modules/[^/]+/(?!public$).+",
              message:
                "Another module's internals: import `~/modules/<module>` (index.ts) or `~/modules/<module>/public`; your own files relatively. See docs/modules.md.",
            },
            {
              regex: "^\\.\\./[^./][^/]*(/|$)",
              message: "No relative imports across module folders: import `~/modules/<module>`. See docs/modules.md.",
            },
          ],
        },
      ],
    },
  },
  {
    // The platform knows no module: modules register what it needs (app/modules/register.server.ts).
    files: ["app/platform/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(~/|(\\.\\./)+(app/)?)modules(/|$)",
              message:
                "The platform imports no module: let the module register what the platform needs at start-up (app/modules/register.server.ts). See docs/modules.md.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
