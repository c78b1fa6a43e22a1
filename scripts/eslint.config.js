// ESLint (flat config), run with `npm run lint`. Kept under scripts/ to leave the project's top level to the
// fixed layout; the npm script points at it.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "public/vendor/**", "public/fonts/**", "node_modules/**", "tmp/**", "test-results/**", "playwright-report/**", "bench-results/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: { react: { version: "18" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
      "react/no-unescaped-entities": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "Literal[value=/^https?:\\/\\/(?!localhost|127\\.0\\.0\\.1|example\\.(org|com|net))/]",
          message: "No URLs to other hosts in code: pages must never load anything from a third party.",
        },
      ],
    },
  },
  {
    files: ["tests/**/*.ts", "scripts/**/*.{js,mjs,ts}", "**/*.test.ts"],
    rules: { "no-restricted-syntax": "off", "no-empty-pattern": "off", "react-hooks/rules-of-hooks": "off" },
  },
  { files: ["**/*.{js,mjs}"], languageOptions: { globals: globals.node } },
  // Code that Playwright runs inside the page.
  { files: ["scripts/make-share-images.mjs"], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
