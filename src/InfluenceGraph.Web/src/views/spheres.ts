import { hasPath } from "../api";
import { h, notice } from "../dom";
import type { ViewContext } from "../view";

export async function spheresView(ctx: ViewContext): Promise<void> {
  ctx.root.append(h("h1", null, "Spheres ", h("span", { class: "muted" }, `· ${ctx.graph}`)),
    h("p", { class: "lede" }, "Communities of the follower network: what each one is, how political, and how the candidates cover them."));
  if (!(await hasPath("/graphs/{graph}/communities"))) {
    ctx.root.append(notice("unavailable", "Spheres are not available on this server (no communities endpoint)."));
    return;
  }
}
