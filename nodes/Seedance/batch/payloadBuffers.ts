/**
 * Buffers for the bytes of big requests (with inline files), reused within an execution. One item
 * with four 7 MB images is a 37 MB request; a new Buffer per item would leave each earlier one as
 * garbage until V8 collects it (it does so only about every 64 MB of such memory), so a batch would
 * hold two or three at its peak instead of the one in flight.
 */

/** Smaller requests (URL-only bodies are a few KB) are plain allocations. */
const REUSED_FROM_BYTES = 1024 * 1024;
/** Free buffers kept: the 64 MB budget lets one or two big requests be in flight at once. */
const KEPT = 2;

export class PayloadBuffers {
	private free: Buffer[] = [];

	/** A buffer of exactly `bytes`, a reused one where one is large enough. */
	readonly take = (bytes: number): Buffer => {
		if (bytes < REUSED_FROM_BYTES) return Buffer.allocUnsafe(bytes);
		const index = this.free.findIndex((buffer) => buffer.length >= bytes);
		const buffer = index === -1 ? Buffer.allocUnsafeSlow(bytes) : this.free.splice(index, 1)[0];
		return buffer.subarray(0, bytes);
	};

	/** Back once its request is over (answered, failed or given up: nothing reads it any more). */
	give(payload: Buffer): void {
		if (payload.length < REUSED_FROM_BYTES) return;
		const whole = Buffer.from(payload.buffer, 0, payload.buffer.byteLength);
		this.free.push(whole);
		this.free.sort((a, b) => b.length - a.length);
		this.free.length = Math.min(this.free.length, KEPT);
	}
}

const buffers = new WeakMap<object, PayloadBuffers>();

/** The execution's buffers (n8n's context object is one per node run). */
export function payloadBuffersOf(context: object): PayloadBuffers {
	let found = buffers.get(context);
	if (!found) buffers.set(context, (found = new PayloadBuffers()));
	return found;
}
