/**
 * Which task+status pairs have reached the workflow. n8n's deduplication store keeps them in its
 * database: one row per trigger node, which every call reads, changes and writes back whole, with
 * no lock. Two calls for the same node at once can both take a pair as new, and the later write
 * drops what the earlier one added (a forgotten pair is emitted again when it is delivered again).
 * So within one n8n process the calls for a node take turns here; across processes (queue-mode
 * workers) they still can overlap, which the README says.
 *
 * The process also remembers the pairs the store has answered for, so that a second delivery in
 * the same process (a repeated callback, or the poll of a regular-mode n8n, where executions run in
 * the same process as the poller) is dropped before anything is downloaded or handed over again.
 * The memory only ever holds pairs the store holds; it is lost with the process, and the store
 * still decides.
 */

/** As many pairs as the store keeps per node (its oldest go first). */
export const MAX_REMEMBERED = 10_000;

const turns = new Map<string, Promise<unknown>>();
const remembered = new Map<string, Set<string>>();

/** One trigger node of one workflow: the store's own scope ('node'). */
export function seenScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}\u0000${nodeId}`;
}

/** Runs `work` after every earlier call for `scope` in this process has ended. */
export async function inTurn<T>(scope: string, work: () => Promise<T>): Promise<T> {
	const before = turns.get(scope) ?? Promise.resolve();
	const mine = before.then(work, work);
	const settledMine = mine.then(
		() => undefined,
		() => undefined,
	);
	turns.set(scope, settledMine);
	try {
		return await mine;
	} finally {
		// The last in line leaves no entry behind.
		if (turns.get(scope) === settledMine) turns.delete(scope);
	}
}

/** The store holds these pairs now (it answered for them). */
export function remember(scope: string, keys: Iterable<string>): void {
	let known = remembered.get(scope);
	if (!known) remembered.set(scope, (known = new Set()));
	for (const key of keys) {
		known.delete(key); // re-inserted: the newest stay
		known.add(key);
	}
	for (const oldest of known) {
		if (known.size <= MAX_REMEMBERED) break;
		known.delete(oldest);
	}
}

export function isRemembered(scope: string, key: string): boolean {
	return remembered.get(scope)?.has(key) ?? false;
}
