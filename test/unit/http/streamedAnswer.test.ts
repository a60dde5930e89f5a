/** Reading a streamed answer piece by piece: what came before a break is kept; stalls and Stop end it. */
import { readStreamedAnswer, wholeAnswer } from '../../../nodes/Seedance/http/streamedAnswer';
import type { StreamedAnswer } from '../../../nodes/Seedance/http/attempt';
import type { SeedanceConnection } from '../../../nodes/Seedance/http/connection';

/** A connection as the reader uses it: a clock whose sleeps end only when aborted (patient), or at once (impatient). */
function connection(options: { impatient?: boolean; signal?: AbortSignal } = {}) {
	const sleeps: number[] = [];
	return {
		sleeps,
		http: {
			signal: options.signal,
			clock: {
				now: () => 0,
				sleep: async (ms: number, signal?: AbortSignal) => {
					sleeps.push(ms);
					if (signal?.aborted) return false;
					if (options.impatient) return true;
					return await new Promise<boolean>((resolve) => signal?.addEventListener('abort', () => resolve(false), { once: true }));
				},
			},
		} as unknown as SeedanceConnection,
	};
}

function answer(body: AsyncIterable<Buffer | string>) {
	let destroyed = 0;
	const streamed: StreamedAnswer = {
		streamed: true,
		status: 200,
		contentType: 'text/event-stream',
		body: Object.assign(body, { destroy: () => void destroyed++ }),
	};
	return { streamed, destroyed: () => destroyed };
}

const never = () => new Promise<never>(() => undefined);

describe('reading a streamed answer', () => {
	it('hands on every piece as it comes, then ends, and lets the answer go', async () => {
		const { http } = connection();
		const { streamed, destroyed } = answer(
			(async function* () {
				yield 'event: a\n';
				yield Buffer.from('data: {}\n\n');
			})(),
		);
		const pieces: string[] = [];
		expect(await readStreamedAnswer(http, streamed, 30_000, (piece) => void pieces.push(piece.toString()))).toEqual({ type: 'end' });
		expect(pieces).toEqual(['event: a\n', 'data: {}\n\n']);
		expect(destroyed()).toBeGreaterThan(0);
	});

	it('keeps what came before the connection broke, and says why it broke', async () => {
		const { http } = connection();
		const { streamed } = answer(
			(async function* () {
				yield 'first';
				throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			})(),
		);
		const pieces: string[] = [];
		expect(await readStreamedAnswer(http, streamed, 30_000, (piece) => void pieces.push(piece.toString()))).toEqual({ type: 'broken', reason: 'ECONNRESET' });
		expect(pieces).toEqual(['first']);
	});

	it('gives up on an answer that stalls for the idle time, on the connection clock', async () => {
		const { http, sleeps } = connection({ impatient: true });
		const { streamed, destroyed } = answer(
			(async function* () {
				yield 'first';
				await never();
			})(),
		);
		const { text, end } = await wholeAnswer(http, streamed, 45_000);
		expect(end).toEqual({ type: 'stalled', idleMs: 45_000 });
		expect(text).toBe('');
		expect(sleeps).toEqual([45_000]);
		expect(destroyed()).toBeGreaterThan(0);
	});

	it('ends at once when the user stops the execution', async () => {
		const stop = new AbortController();
		const { http } = connection({ signal: stop.signal });
		const { streamed } = answer(
			(async function* () {
				yield 'first';
				stop.abort();
				await never();
			})(),
		);
		expect(await readStreamedAnswer(http, streamed, 30_000, () => undefined)).toEqual({ type: 'stopped' });
	});

	it('a piece handler that throws ends the reading with its error, the answer let go', async () => {
		const { http } = connection();
		const { streamed, destroyed } = answer(
			(async function* () {
				yield 'first';
				yield 'second';
			})(),
		);
		await expect(
			readStreamedAnswer(http, streamed, 30_000, () => {
				throw new Error('bad piece');
			}),
		).rejects.toThrow('bad piece');
		expect(destroyed()).toBeGreaterThan(0);
	});
});
