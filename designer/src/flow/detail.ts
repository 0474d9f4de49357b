/**
 * Below this zoom the canvas draws its level-of-detail view: a step is a rectangle in its kind's colour with
 * its label, and connections are bare lines (FarEdges). A 264px card is under 92 screen pixels wide there,
 * too small to read its settings or to aim at its handles, so nothing useful is lost; a whole 1,000-step
 * flow fitted to the screen (zoom ~0.08) then pans without painting thousands of icons, badges, handles,
 * arrowheads and insert buttons. React Flow's viewport culling is also off down there: most of the flow is
 * in view anyway, and culling would mount and unmount a hundred cards on every pan frame.
 *
 * Only large flows (over {@link LARGE_FLOW} steps) switch: a small flow fitted to a wide screen can sit
 * below this zoom too, and its few cards and connections cost nothing to pan, so they keep every detail
 * (insert buttons to drop a step on, arrowheads, the test lead's path on each connection).
 */
export const FAR_ZOOM = 0.35;

/** Above this many steps the canvas culls what is out of view and has the zoomed-out view. */
export const LARGE_FLOW = 250;
