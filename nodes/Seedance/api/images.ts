/**
 * Seedream's `POST /images/generations` over the execution's connection. The call is synchronous:
 * the images come in its answer, and there is no task to look for afterwards. So the request is
 * sent again only when the API cannot have made anything (a 429, a connection refused, the API's
 * own 500/503 error answer, which delivers nothing and so bills nothing); after an answer that may
 * have been made and lost (a gateway's 502/504, an HTML page, a timeout or a reset once the body
 * was sent, an answer cut short) it is never sent again, and the error says the images may have
 * been made and billed.
 *
 * The answer is read as it arrives, a stream of events where the model streams: each image is
 * handed on as soon as its event comes, so the images made before a connection drops reach the
 * user, with an error for the rest.
 */
import type { IDataObject } from 'n8n-workflow';

import { isStreamedAnswer, type RequestSettings, type StreamedAnswer } from '../http/attempt';
import type { AttemptResult } from '../http/retry';
import { readStreamedAnswer, wholeAnswer, type AnswerEnd } from '../http/streamedAnswer';
import { snippet } from '../http/secrets';
import {
	ImageStreamParser,
	readImagesAnswer,
	type ImageGenerationBody,
	type ImageOutcome,
	type ImagesAnswer,
	type ImageStreamEvent,
} from '../request/imageBody';
import { settled } from '../shared/async';
import {
	describeApiError,
	ExecutionCancelledError,
	extractApiError,
	SeedanceApiFailure,
	StoppedDuringImagesError,
	UncertainOutcomeError,
} from '../shared/errors';
import type { ApiSession } from './session';

export const IMAGES_PATH = '/images/generations';

/** What one image request gave. */
export interface ImagesResult extends ImagesAnswer {
	/**
	 * The answer broke off after some images came: they are in `images`, and this says that more
	 * of the group may have been made (and billed) without reaching us.
	 */
	cutShort?: SeedanceApiFailure;
}

const NOT_SENT_AGAIN =
	'The request was not sent again, so that you are not billed twice: Seedream makes the images within the request and keeps no task to look for afterwards. Run the item again only if you want new images.';

/** The images may exist: the error a user sees, the cause kept in its description. */
function mayHaveBeenMade(message: string, description: string | undefined, info: SeedanceApiFailure['info'] = {}): SeedanceApiFailure {
	return new SeedanceApiFailure(
		`${message}; the images may have been made and billed`,
		description ? `${NOT_SENT_AGAIN}\n\n${description}` : NOT_SENT_AGAIN,
		info,
	);
}

function endReason(end: AnswerEnd): string {
	switch (end.type) {
		case 'broken':
			return `the connection broke off (${end.reason})`;
		case 'stalled':
			return `nothing came for ${Math.round(end.idleMs / 1000)} s`;
		default:
			return 'the answer ended early';
	}
}

/** Reads the answer's events as they come; each image goes to `onImage` at once. */
async function readEvents(
	session: ApiSession,
	answer: StreamedAnswer,
	settings: RequestSettings,
	apiKey: string | undefined,
	onImage: (image: ImageOutcome) => void,
): Promise<ImagesResult> {
	const parser = new ImageStreamParser();
	const result: ImagesResult = { images: [] };
	let refused: SeedanceApiFailure | undefined;
	let malformed: string | undefined;
	const take = (events: ImageStreamEvent[]) => {
		for (const event of events) {
			if (event.kind === 'image') {
				result.images.push(event.image);
				onImage(event.image);
			}
			if (event.kind === 'completed' && event.usage) result.usage = event.usage;
			if (event.kind === 'image' || event.kind === 'completed') {
				if (event.model !== undefined) result.model ??= event.model;
				if (event.created !== undefined) result.created ??= event.created;
			}
			if (event.kind === 'error') {
				const text = describeApiError({ httpCode: answer.status, ...event.error });
				refused ??= new SeedanceApiFailure(text.message, text.description, { httpCode: answer.status, ...event.error });
			}
			if (event.kind === 'malformed') malformed ??= event.text;
		}
	};
	const end = await readStreamedAnswer(session.http, answer, settings.requestTimeoutMs, (piece) => take(parser.feed(piece)));
	if (end.type === 'stopped') throw new StoppedDuringImagesError();
	if (end.type === 'end') take(parser.end());
	const made = result.images.length;
	const problem =
		end.type !== 'end'
			? endReason(end)
			: refused
				? `it ended with an error (${refused.message})`
				: malformed !== undefined
					? `it sent data that is not JSON ("${snippet(malformed, apiKey)}")`
					: undefined;
	if (made === 0) {
		// An error event before any image: the API refused the request, nothing was made.
		if (refused) throw refused;
		if (problem !== undefined) throw mayHaveBeenMade(`The image answer broke off: ${problem}`, undefined);
		if (result.usage) return result;
		throw mayHaveBeenMade('The image stream ended without an image or a usage report', undefined);
	}
	if (problem !== undefined) {
		result.cutShort = new SeedanceApiFailure(
			`The image answer broke off after ${made} image${made === 1 ? '' : 's'}: ${problem}; more images of this request may have been made and billed`,
			`The images that arrived are in the output. ${NOT_SENT_AGAIN}`,
			{},
		);
	}
	return result;
}

/** A whole answer (no stream): JSON with the images, or an error. */
function readWhole(body: unknown, status: number, where: { consoleName: string; apiKey?: string }, onImage: (image: ImageOutcome) => void): ImagesResult {
	let json: unknown = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = String(body);
		try {
			json = JSON.parse(text) as unknown;
		} catch {
			throw mayHaveBeenMade(
				`Seedream answered with something that is not JSON (HTTP ${status})`,
				`A proxy or gateway may be in the way, or the Base URL points at the wrong place. The answer began: "${snippet(text, where.apiKey)}"`,
				{ httpCode: status },
			);
		}
	}
	const apiError = extractApiError(json);
	if (apiError) {
		// The API's own refusal, despite the 2xx: nothing was made.
		const text = describeApiError({ ...apiError, httpCode: status }, where.consoleName);
		throw new SeedanceApiFailure(text.message, text.description, { ...apiError, httpCode: status });
	}
	if (typeof json !== 'object' || json === null || !Array.isArray((json as IDataObject).data)) {
		throw mayHaveBeenMade('The image answer has no images', 'The answer is not the images list Seedream sends: a proxy may be in the way.', { httpCode: status });
	}
	const answer = readImagesAnswer(json);
	for (const image of answer.images) onImage(image);
	return answer;
}

/**
 * Sends one image request and reads its answer. `onImage` gets each image (made or failed) as
 * soon as it is known, in the answer's order. Throws SeedanceApiFailure (the API refused; or the
 * images may have been made and the answer was lost: never sent again), or StoppedDuringImagesError.
 */
export async function generateImages(
	session: ApiSession,
	body: ImageGenerationBody,
	settings: RequestSettings,
	onImage: (image: ImageOutcome) => void = () => undefined,
): Promise<ImagesResult> {
	const { http } = session;
	const consoleName = await http.consoleName();
	const key = (await http.credentials()).apiKey;
	const where = { consoleName, apiKey: typeof key === 'string' && key.length >= 4 ? key : undefined };
	return await http.retrying({ retries: settings.retries }, async (): Promise<AttemptResult<ImagesResult>> => {
		const sent = await settled(
			http.request({ method: 'POST', path: IMAGES_PATH, body: body as unknown as IDataObject, kind: 'create', settings, streamAnswer: true }),
		);
		if (!sent.ok) {
			const error = sent.error;
			if (error instanceof ExecutionCancelledError) throw new StoppedDuringImagesError();
			if (!(error instanceof UncertainOutcomeError)) throw error;
			// The API's own 500/503 error: it delivered nothing, so nothing was made or billed.
			if (error.apiAnswered) return { type: 'retry', error };
			throw mayHaveBeenMade(error.message, error.description, error.info);
		}
		const answer = sent.value;
		if (!isStreamedAnswer(answer)) return { type: 'done', value: readWhole(answer, 200, where, onImage) };
		if (answer.contentType === 'text/event-stream') {
			return { type: 'done', value: await readEvents(session, answer, settings, where.apiKey, onImage) };
		}
		const whole = await wholeAnswer(http, answer, settings.requestTimeoutMs);
		if (whole.end.type === 'stopped') throw new StoppedDuringImagesError();
		if (whole.end.type !== 'end') throw mayHaveBeenMade(`The image answer broke off: ${endReason(whole.end)}`, undefined, { httpCode: answer.status });
		if (/^\s*(event|data):/.test(whole.text)) {
			// A relay that passes the event stream on under another Content-Type.
			const text = whole.text;
			const replay = { ...answer, body: (async function* () { yield text; })() };
			return { type: 'done', value: await readEvents(session, replay, settings, where.apiKey, onImage) };
		}
		return { type: 'done', value: readWhole(whole.text, answer.status, where, onImage) };
	});
}
