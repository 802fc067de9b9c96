import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

// The console is served under /app/ (the local stack, and CloudFront in AWS); config.json sits beside
// index.html and is written at deploy, never built in.
export default defineConfig({
  base: "/app/",
  plugins: [preact()],
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, target: "es2022" },
  test: { environment: "happy-dom", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
