/**
 * A request body written while it is sent, so a body with inline files never sits in memory whole.
 *
 * n8n's scanner forbids importing `stream`, so this is a stream by its shape: what axios (and
 * Node's `stream.pipeline`, which axios puts in between on some paths) call on a body it pipes:
 * `pipe`, `on`/`once`, `removeListener`, `destroy`, and the events `end`, `error` and `close`.
 * It writes each chunk to the request and waits for `drain` when the request's buffer is full,
 * so only a few chunks are ever held. One stream per attempt: a retry opens a new one.
 *
 * Checked against axios 1.18 and 1.21 on Node 20 and 24 (test/unit/http/bodyStream.test.ts), and in
 * real n8n 1.x and 2.x (test/e2e/cli-suite.ts, the reference image read from disk).
 */

/** The request being written: a Node writable, as far as this needs it. */
interface Destination {
	write(chunk: string | Buffer): boolean;
	end(): void;
	once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
	removeListener(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

type Listener = (...args: unknown[]) => void;

export class BodyStream {
	/** Why the body could not be written (a file changed, or could not be read): the request was cut short, so nothing was created. */
	failure?: Error;
	private readonly listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();
	private started = false;
	private stopped = false;
	/** Ends a wait for `drain`: set while the writer waits. */
	private wake?: () => void;

	constructor(
		/** The exact length in bytes, sent as Content-Length: a body cut short is never taken as whole. */
		readonly bytes: number,
		/** The body in chunks, produced as they are written. */
		private readonly chunks: () => AsyncIterable<string | Buffer>,
	) {}

	pipe<T extends Destination>(destination: T, options?: { end?: boolean }): T {
		if (!this.started) {
			this.started = true;
			void this.write(destination, options?.end !== false);
		}
		return destination;
	}

	/**
	 * Stops writing (the request it was piped to is the piper's to end). http/attempt.ts calls it
	 * once the request has settled: where axios pipes through Node's stream.pipeline, a request
	 * that ended early leaves this stream waiting on a pipe that never drains.
	 */
	destroy(error?: Error): this {
		if (this.stopped) return this;
		this.stopped = true;
		this.wake?.();
		if (error) this.emit('error', error);
		this.emit('close');
		return this;
	}

	on(event: string, listener: Listener): this {
		return this.listen(event, listener, false);
	}

	once(event: string, listener: Listener): this {
		return this.listen(event, listener, true);
	}

	removeListener(event: string, listener: Listener): this {
		const list = this.listeners.get(event);
		if (list) this.listeners.set(event, list.filter((entry) => entry.listener !== listener));
		return this;
	}

	emit(event: string, ...args: unknown[]): boolean {
		const list = this.listeners.get(event) ?? [];
		this.listeners.set(event, list.filter((entry) => !entry.once));
		for (const { listener } of list) listener.apply(this, args);
		return list.length > 0;
	}

	private listen(event: string, listener: Listener, once: boolean): this {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once }]);
		return this;
	}

	private async write(destination: Destination, end: boolean): Promise<void> {
		let closed = false;
		const onClose = () => (closed = true);
		destination.once('close', onClose);
		// Only a failure to produce the body is this stream's error; the request's own failures reach its sender.
		try {
			for await (const chunk of this.chunks()) {
				if (this.stopped || closed) return;
				let more: boolean;
				try {
					more = destination.write(chunk);
				} catch {
					return;
				}
				if (!more && !(await this.drained(destination))) return;
			}
			if (this.stopped || closed) return;
			if (end) destination.end();
			this.stopped = true;
			this.emit('end');
			this.emit('close');
		} catch (error) {
			if (this.stopped) return;
			this.failure = error instanceof Error ? error : new Error(String(error));
			this.destroy(this.failure);
		} finally {
			destination.removeListener('close', onClose);
		}
	}

	/** Waits until the destination takes more (true), or it is gone or this stream destroyed (false). */
	private drained(destination: Destination): Promise<boolean> {
		return new Promise((resolve) => {
			const settle = (more: boolean) => () => {
				destination.removeListener('drain', onDrain);
				destination.removeListener('close', onGone);
				destination.removeListener('error', onGone);
				this.wake = undefined;
				resolve(more);
			};
			const onDrain = settle(true);
			const onGone = settle(false);
			destination.once('drain', onDrain);
			destination.once('close', onGone);
			destination.once('error', onGone);
			this.wake = onGone;
		});
	}
}
