import { hasPath } from "../api";
import { h, notice } from "../dom";
import type { ViewContext } from "../view";

export async function guestListView(ctx: ViewContext): Promise<void> {
  ctx.root.append(h("h1", null, "Guest list ", h("span", { class: "muted" }, `· ${ctx.graph}`)),
    h("p", { class: "lede" }, "The accounts that together reach the most people: pick a size, pin or exclude accounts, optimise."));
  if (!(await hasPath("/graphs/{graph}/guest-lists"))) {
    ctx.root.append(notice("unavailable", "Guest lists are not available on this server (no guest-list endpoint)."));
    return;
  }
}
