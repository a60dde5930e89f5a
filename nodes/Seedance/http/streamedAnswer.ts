/**
 * Reading a streamed answer (ApiCall.streamAnswer) piece by piece as it arrives, so that what came
 * before a break is kept: an image stream's first images are made and billed even when the
 * connection drops before the last. Once the answer's headers have come, n8n's HTTP client (axios)
 * applies no timeout to the body, so an idle limit is kept here, on the connection's clock, as
 * Stop is.
 */
import { underWay } from '../shared/clock';
import { errorCode, type StreamedAnswer } from './attempt';
import type { SeedanceConnection } from './connection';
import { withinTime } from './download';

/** How a streamed answer ended. */
export type AnswerEnd =
	| { type: 'end' }
	/** The connection broke (reset, cut short). */
	| { type: 'broken'; reason: string }
	/** Nothing came for `idleMs`. */
	| { type: 'stalled'; idleMs: number }
	/** The user stopped the execution. */
	| { type: 'stopped' };

/**
 * Hands every piece of the answer to `onPiece` as it arrives, until the answer ends, breaks, stalls
 * for `idleMs` or the user stops the execution. A piece's handler that throws ends the reading too:
 * that error is thrown once the answer is let go.
 */
export async function readStreamedAnswer(
	connection: SeedanceConnection,
	answer: StreamedAnswer,
	idleMs: number,
	onPiece: (piece: Buffer) => void | Promise<void>,
): Promise<AnswerEnd> {
	const { body } = answer;
	const iterator = body[Symbol.asyncIterator]();
	const letGo = () => body.destroy?.(new Error('answer let go'));
	try {
		for (;;) {
			if (connection.signal?.aborted) return { type: 'stopped' };
			const next = await withinTime(connection, idleMs, underWay(connection.clock, iterator.next()), letGo);
			if (connection.signal?.aborted) return { type: 'stopped' };
			if (next === undefined) return { type: 'stalled', idleMs };
			if (!next.ok) {
				const error = next.error as Error | undefined;
				return { type: 'broken', reason: errorCode(error) ?? (error?.message || 'the connection broke off') };
			}
			if (next.value.done) return { type: 'end' };
			const piece = next.value.value;
			await onPiece(typeof piece === 'string' ? Buffer.from(piece) : piece);
		}
	} finally {
		letGo();
	}
}

/** An answer read whole (a JSON answer of a streamed call), or how it ended early. */
export async function wholeAnswer(
	connection: SeedanceConnection,
	answer: StreamedAnswer,
	idleMs: number,
): Promise<{ text: string; end: AnswerEnd }> {
	const pieces: Buffer[] = [];
	const end = await readStreamedAnswer(connection, answer, idleMs, (piece) => {
		pieces.push(piece);
	});
	return { text: Buffer.concat(pieces).toString('utf8'), end };
}
