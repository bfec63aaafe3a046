/**
 * Opening the report's `index.html` in a headless Chromium (Debian's `chromium` package, driven by
 * `playwright-core`, which downloads no browser): for the browser test and for the screenshot task.
 * `playwright-core` is imported lazily, so importing this module costs nothing until a browser is launched.
 *
 * @module
 */
import type { BrowserContext, Page } from "playwright-core";
import { pathToFileURL } from "node:url";
import { writeFileAtomic } from "../io/mod.ts";
import { resolve } from "../std.ts";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Command-line flags for a quiet, offline, sandbox-free headless Chromium (containers run as root). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether a Chromium executable exists at `path`.
 *
 * @example
 * ```ts
 * import { chromiumInstalled } from "./browser.ts";
 * import { assertEquals } from "../std.ts";
 * assertEquals(await chromiumInstalled("/nonexistent/chromium"), false);
 * ```
 *
 * @param path The executable.
 * @returns `true` when it is a file.
 */
export async function chromiumInstalled(path: string = CHROMIUM_PATH): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Options of {@linkcode openReportPage}. */
export interface OpenReportPageOptions {
  /**
   * The Chromium executable.
   *
   * @default {CHROMIUM_PATH}
   */
  executablePath?: string;
  /**
   * The viewport width in CSS pixels.
   *
   * @default {1400}
   */
  width?: number;
  /**
   * The viewport height in CSS pixels.
   *
   * @default {900}
   */
  height?: number;
  /**
   * Milliseconds to wait for the page's interactive views to be drawn (`body[data-ready="true"]`).
   *
   * @default {30000}
   */
  timeoutMs?: number;
  /**
   * What "ready" means: `report`, the report page's own signal (`body[data-ready]`, set once its
   * interactive views are drawn); `images`, every `<img>` loaded (a static page such as a notebook's HTML
   * rendering).
   *
   * @default {"report"}
   */
  ready?: "report" | "images";
}

/** A report page open in a headless Chromium, with what it logged. */
export interface ReportPage {
  /** The Playwright page. */
  page: Page;
  /** Console messages of type `error` and uncaught exceptions, in order. */
  errors: string[];
  /** Every request for a URL that is neither `file:` nor `data:` (each was blocked). */
  externalRequests: string[];
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Launches a headless Chromium with a fresh profile, blocks every request that is not `file:` or `data:`,
 * opens `htmlPath` from `file://` and waits until its interactive views are drawn (or it reports an error).
 *
 * @example
 * ```ts ignore
 * import { openReportPage } from "./browser.ts";
 * const { page, errors, close } = await openReportPage("report/index.html");
 * console.log(await page.title(), errors);
 * await close();
 * ```
 *
 * @param htmlPath The page, e.g. `report/index.html`.
 * @param options The executable, the viewport and the wait.
 * @returns The page and its error log; call `close()` when done.
 * @throws {Error} When Chromium is missing, or the page is not ready within `timeoutMs`.
 */
export async function openReportPage(
  htmlPath: string,
  options: OpenReportPageOptions = {},
): Promise<ReportPage> {
  const { executablePath = CHROMIUM_PATH, width = 1400, height = 900, timeoutMs = 30_000, ready = "report" } =
    options;
  if (!(await chromiumInstalled(executablePath))) {
    throw new Error(
      `Cannot open the report in a browser: ${executablePath} does not exist; install Debian's chromium ` +
        `(apt-get install chromium)`,
    );
  }
  const { chromium } = await import("playwright-core");
  const profile = await Deno.makeTempDir({ prefix: "report-chromium-" });
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width, height },
    });
    const errors: string[] = [];
    const externalRequests: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      externalRequests.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: "load", timeout: timeoutMs });
    if (ready === "report") {
      await page.waitForSelector('body[data-ready="true"], body[data-ready="error"]', { timeout: timeoutMs });
    } else {
      await page.waitForFunction(`[...document.images].every((img) => img.complete)`, undefined, {
        timeout: timeoutMs,
      });
    }
    return { page, errors, externalRequests, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Options of {@linkcode screenshotReport}. */
export interface ScreenshotReportOptions extends OpenReportPageOptions {
  /**
   * Whether to capture the whole page; otherwise the top of the page through the interactive views.
   *
   * @default {false}
   */
  fullPage?: boolean;
}

/**
 * Opens `htmlPath` in a headless Chromium and saves a PNG screenshot of it to `pngPath`: by default the
 * header, the results and the interactive views, at the viewport's width.
 *
 * @example
 * ```ts ignore
 * import { screenshotReport } from "./browser.ts";
 * await screenshotReport("report/index.html", "report/index.png");
 * ```
 *
 * @param htmlPath The page.
 * @param pngPath Where to write the PNG.
 * @param options The viewport, the executable and whether to capture the whole page.
 * @returns The page's error log (console errors and exceptions), empty when it drew cleanly.
 * @throws {Error} When Chromium is missing or the page is not ready in time.
 */
export async function screenshotReport(
  htmlPath: string,
  pngPath: string,
  options: ScreenshotReportOptions = {},
): Promise<string[]> {
  const { fullPage = false, ...open } = options;
  const { page, errors, close } = await openReportPage(htmlPath, open);
  try {
    let png: Uint8Array;
    if (fullPage) {
      png = await page.screenshot({ fullPage: true });
    } else {
      // The bottom of the interactive views (or of the results; of the first screen on another page), in
      // page coordinates.
      const bottom = Number(
        await page.evaluate(
          `(document.getElementById("explore") ?? document.getElementById("results"))` +
            `?.getBoundingClientRect().bottom + window.scrollY || window.innerHeight * 2`,
        ),
      );
      const width = page.viewportSize()?.width ?? 1400;
      png = await page.screenshot({
        fullPage: true,
        clip: { x: 0, y: 0, width, height: Math.ceil(bottom) + 16 },
      });
    }
    await writeFileAtomic(pngPath, png);
    return errors;
  } finally {
    await close();
  }
}
