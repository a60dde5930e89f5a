/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * One Seedream image request over the real connection (retry loop, rate gate, streamed answers),
 * with n8n's request helper replaced by scripted answers: what is sent again and what never is,
 * and how a whole answer, an event stream, a relay's event stream under another type and a
 * broken stream are read.
 */
import { generateImages, IMAGES_PATH } from '../../../nodes/Seedance/api/images';
import { newApiSession } from '../../../nodes/Seedance/api/session';
import type { HttpContext } from '../../../nodes/Seedance/http/attempt';
import type { ImageOutcome } from '../../../nodes/Seedance/request/imageBody';
import { StoppedDuringImagesError } from '../../../nodes/Seedance/shared/errors';

const KEY = 'sk-unit-5e1f0a';
const SETTINGS = { retries: 3, requestTimeoutMs: 60_000, rateLimitSpanMs: 120_000 };
const BODY = { model: 'doubao-seedream-4-5-251128', prompt: 'x', stream: true as const };

type Scripted = { status: number; type?: string; pieces?: Array<string | Error>; json?: unknown } | Error;

/** An n8n context whose request helper answers from `script`, one entry per request. */
function context(script: Scripted[], stop?: AbortController) {
	const sent: Array<Record<string, unknown>> = [];
	const helper = async (_type: string, options: Record<string, unknown>) => {
		sent.push(options);
		const next = script.shift();
		if (!next) throw new Error('no more answers scripted');
		if (next instanceof Error) throw next;
		const pieces = next.pieces ?? [JSON.stringify(next.json ?? {})];
		const body = Object.assign(
			(async function* () {
				for (const piece of pieces) {
					if (piece instanceof Error) throw piece;
					yield Buffer.from(piece);
				}
			})(),
			{ destroy: () => undefined },
		);
		return { statusCode: next.status, headers: { 'content-type': next.type ?? 'application/json; charset=utf-8' }, body };
	};
	const ctx: HttpContext = {
		getCredentials: async () => ({ apiKey: KEY, provider: 'custom', baseUrl: 'http://api.test/api/v3' }),
		helpers: { httpRequestWithAuthentication: helper as never, httpRequest: (async () => undefined) as never },
		getExecutionCancelSignal: () => stop?.signal,
	};
	return { ctx, sent };
}

/** A clock on which every wait passes in the next turn of the event loop (after whatever was already on its way). */
function clock() {
	let now = 0;
	const waits: number[] = [];
	return {
		waits,
		clock: {
			now: () => now,
			sleep: async (ms: number, signal?: AbortSignal) => {
				if (signal?.aborted) return false;
				await new Promise((resolve) => setImmediate(resolve));
				if (signal?.aborted) return false;
				waits.push(ms);
				now += ms;
				return true;
			},
		},
	};
}

const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const made = (index: number) => event('image_generation.partial_succeeded', { image_index: index, url: `https://img.test/${index}.jpeg`, size: '2048x2048' });
const completed = (n: number) => event('image_generation.completed', { usage: { generated_images: n, output_tokens: n * 16384, total_tokens: n * 16384 } });

async function run(script: Scripted[], stop?: AbortController) {
	const { ctx, sent } = context(script, stop);
	const { clock: c, waits } = clock();
	const seen: ImageOutcome[] = [];
	const outcome = await generateImages(newApiSession(ctx, c), BODY, SETTINGS, (image) => seen.push(image)).then(
		(value) => ({ ok: true as const, value }),
		(error: Error) => ({ ok: false as const, error }),
	);
	return { outcome, sent, seen, waits };
}

describe('an image request', () => {
	it('is one POST to /images/generations whose answer is read as a stream, each image handed on as its event comes', async () => {
		const { outcome, sent, seen } = await run([{ status: 200, type: 'text/event-stream', pieces: [made(0), made(1).slice(0, 30), made(1).slice(30), completed(2), 'data: [DONE]\n\n'] }]);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'POST', url: `http://api.test/api/v3${IMAGES_PATH}`, encoding: 'stream' });
		expect(seen.map((image) => image.index)).toEqual([0, 1]);
		expect(outcome.ok && outcome.value).toMatchObject({ usage: { generatedImages: 2 }, images: [{ url: 'https://img.test/0.jpeg' }, { url: 'https://img.test/1.jpeg' }] });
		expect(outcome.ok && outcome.value.cutShort).toBeUndefined();
	});

	it('reads a whole JSON answer, and an event stream a relay passes on under another Content-Type', async () => {
		const whole = await run([{ status: 200, json: { model: 'm', created: 1, data: [{ url: 'https://img.test/a.png', size: '1x1' }], usage: { generated_images: 1 } } }]);
		expect(whole.outcome.ok && whole.outcome.value.images).toEqual([{ index: 0, url: 'https://img.test/a.png', size: { width: 1, height: 1 } }]);
		const relayed = await run([{ status: 200, type: 'text/plain', pieces: [made(0), completed(1)] }]);
		expect(relayed.outcome.ok && relayed.outcome.value.images.map((image) => image.index)).toEqual([0]);
	});

	it("is sent again after a 429 and after the API's own 500, never after a gateway page, a reset or a cut answer", async () => {
		const again = await run([
			{ status: 429, json: { error: { code: 'ModelAccountIpmRateLimitExceeded', message: 'slow down' } } },
			{ status: 500, json: { error: { code: 'InternalServiceError', message: 'oops' } } },
			{ status: 200, type: 'text/event-stream', pieces: [made(0), completed(1)] },
		]);
		expect(again.sent).toHaveLength(3);
		expect(again.outcome.ok).toBe(true);

		for (const lost of [
			{ status: 504, type: 'text/html', pieces: ['<html><title>504 Gateway Time-out</title></html>'] },
			Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
			{ status: 200, type: 'application/json', pieces: ['{"model":"m","data":[{"url":"https://img', Object.assign(new Error('aborted'), { code: 'ECONNRESET' })] },
			{ status: 200, type: 'text/html', pieces: ['<html>an error page with a 200</html>'] },
			{ status: 200, type: 'text/event-stream', pieces: ['event: x\ndata: {not json\n\n'] },
		] as Scripted[]) {
			const { outcome, sent } = await run([lost, { status: 200, type: 'text/event-stream', pieces: [made(0)] }]);
			expect(sent).toHaveLength(1);
			expect(!outcome.ok && outcome.error.message).toMatch(/the images may have been made and billed$/);
			expect(!outcome.ok && (outcome.error as { description?: string }).description).toMatch(/^The request was not sent again, so that you are not billed twice/);
		}
	});

	it('is refused without a retry when the API refuses it, in the stream or with a 200 error body', async () => {
		const inStream = await run([{ status: 200, type: 'text/event-stream', pieces: [`data: ${JSON.stringify({ error: { code: 'InputTextSensitiveContentDetected', message: 'no' } })}\n\n`] }]);
		expect(!inStream.outcome.ok && inStream.outcome.error.message).toBe('The prompt was refused by the content safety check');
		const inJson = await run([{ status: 200, json: { error: { code: 'InvalidParameter', message: 'bad', param: 'size' } } }]);
		expect(!inJson.outcome.ok && inJson.outcome.error.message).toBe('Seedance rejected the request (parameter "size")');
		expect(inJson.sent).toHaveLength(1);
	});

	it('keeps the images of a stream that broke off, and says more may have been made', async () => {
		const { outcome, seen } = await run([{ status: 200, type: 'text/event-stream', pieces: [made(0), made(1), Object.assign(new Error('aborted'), { code: 'ECONNRESET' })] }]);
		expect(seen).toHaveLength(2);
		expect(outcome.ok && outcome.value.cutShort?.message).toBe(
			'The image answer broke off after 2 images: the connection broke off (ECONNRESET); more images of this request may have been made and billed',
		);
	});

	it('says so when the user stops it: the images may exist all the same', async () => {
		const stop = new AbortController();
		stop.abort();
		const { outcome } = await run([{ status: 200, type: 'text/event-stream', pieces: [made(0)] }], stop);
		expect(!outcome.ok && outcome.error).toBeInstanceOf(StoppedDuringImagesError);
	});

	it('never shows the key, however an answer echoes it', async () => {
		const { outcome } = await run([{ status: 200, type: 'text/html', pieces: [`<html>Authorization: Bearer ${KEY}</html>`] }]);
		const shown = !outcome.ok ? `${outcome.error.message} ${(outcome.error as { description?: string }).description}` : '';
		expect(shown).toContain('Authorization: Bearer ***');
		expect(shown).not.toContain(KEY);
	});
});
