/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * Types for the Seedance API simulator (index.js, plain CommonJS). Behaviour: README.md next to this
 * file; API truth: /work/shared/seedance-api.md.
 */
import type { EventEmitter } from 'events';
import type { IncomingHttpHeaders } from 'http';

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
export type Route = 'create' | 'get' | 'list' | 'delete' | 'images' | 'file';
export type FaultRoute = Route | 'any';
export type ImageMode = 't2v' | 'first_frame' | 'first_last_frame' | 'reference';

export interface SimulatorOptions {
	/** 0 (default) = any free port. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Keys accepted in `Authorization: Bearer <key>`. Default ['sk-test']. */
	apiKeys?: string[];
	/** Generated images are grown to about this many bytes with data decoders skip (default 0: a few KB). For benchmarks: real 4K images are megabytes. */
	imageBytes?: number;
	/** 'polls' (default): GETs move tasks on. 'time': elapsed time does. */
	progress?: 'polls' | 'time';
	/** polls mode: GETs answered `queued` (default 1). 0 = the task starts running. */
	queuedPolls?: number;
	/** polls mode: further GETs answered `running` (default 1). */
	runningPolls?: number;
	/** time mode: ms spent queued (default 2000). */
	queuedMs?: number;
	/** time mode: ms spent running (default 5000). */
	runningMs?: number;
	/** time mode: a task stays queued this much longer for each unfinished task ahead of it (default 0): a real batch's tasks finish one after another. */
	staggerMs?: number;
	/** Origin written into video URLs and arkUrl/chainhubUrl instead of http://host:port (e.g. for Docker). */
	publicOrigin?: string;
	/** How long a callback receiver may take before the attempt counts as failed. Default 5000. */
	callbackTimeoutMs?: number;
	/** Called with one short line per finished request (no headers, no key). */
	log?: (line: string) => void;
	/**
	 * The time the simulator reads and waits on (default: the real clock). Tests pass the node's
	 * virtual clock (test/helpers/virtualClock.ts): `park`/`unpark` tell it a request is held on one
	 * of its timers.
	 */
	clock?: SimulatorClock;
}

export interface SimulatorClock {
	now(): number;
	setTimeout(fire: () => void, ms: number): unknown;
	clearTimeout(timer: unknown): void;
	park?(): void;
	unpark?(): void;
	/** A request held on real time (a `realDelay`): work under way. */
	begin?(): void;
	end?(): void;
}

export interface TaskError {
	code: string;
	message: string;
}

/** The task object exactly as GET /contents/generations/tasks/{id} answers it. */
export interface SeedanceTask {
	id: string;
	model: string;
	/** Always present, except in the answer of a `no-status` fault. */
	status: TaskStatus;
	error: TaskError | null;
	created_at: number;
	updated_at: number;
	seed: number;
	resolution: '480p' | '720p' | '1080p' | '4k';
	/** `adaptive` until the task succeeds; then the ratio the model took. */
	ratio: '16:9' | '4:3' | '1:1' | '3:4' | '9:16' | '21:9' | 'adaptive';
	/** Present unless `frames` was sent. */
	duration?: number;
	/** Present only when `frames` was sent (then `duration` is absent). */
	frames?: number;
	framespersecond: number;
	service_tier: 'default' | 'flex';
	execution_expires_after: number;
	/** Present when sent, and on 1.5 pro models (default true). */
	generate_audio?: boolean;
	/** Present when sent. */
	draft?: boolean;
	/** A final from a 2.5 draft: the draft's id. */
	draft_task_id?: string;
	return_last_frame: boolean;
	/** Only on `succeeded`. last_frame_url only when return_last_frame was true. */
	content?: { video_url: string; last_frame_url?: string };
	/** Only on `succeeded`: floor(W × H × (24 × seconds + 1 + 24 × input video seconds) / 1024), see README.md. */
	usage?: { completion_tokens: number; total_tokens: number };
}

export interface RecordedRequest {
	method: string;
	path: string;
	/** Parsed query; a repeated key gives an array. */
	query: Record<string, string | string[]>;
	/** As received, except `authorization`, whose value is replaced by '[redacted]'. */
	headers: IncomingHttpHeaders;
	/** Parsed JSON, or the raw text when it isn't JSON, or undefined when empty. */
	body: unknown;
	/** Date.now() when the request arrived. */
	time: number;
	route: Route | 'root' | 'unknown-api' | 'unknown';
	/** What the Authorization header held (the key itself is never stored). */
	auth: 'valid' | 'invalid' | 'missing';
	/** The client broke off before the whole body arrived: recorded, never handled. */
	cutShort?: true;
}

export interface SimulatorStats {
	/** Every request received. */
	requests: number;
	/** Every POST on the create route, whatever happened to it. */
	createAttempts: number;
	/** Tasks really created. */
	created: number;
	/** Creates refused with 429 by the rpm fault, and image requests refused by the ipm fault. */
	rateLimited: number;
	/** API requests refused with 401. */
	authFailures: number;
	/** Creates and image requests refused by validation or a content trigger (4xx/5xx but 429; 404 for `missing-…` models). */
	validationErrors: number;
	/** Authenticated GET/list/DELETE requests that reached their handler. */
	gets: number;
	lists: number;
	deletes: number;
	/** Tasks cancelled (queued → cancelled) and records deleted by DELETE. */
	cancelled: number;
	deleted: number;
	/** Files (mp4/png) served with 200/206. */
	fileDownloads: number;
	/** Every POST on the images route, whatever happened to it. */
	imageRequests: number;
	/** Images made (per-image failures not counted), including those whose answer a fault then spoiled. */
	imagesGenerated: number;
	/** Generated images served from their signed URLs (200). */
	imageDownloads: number;
	/** One-shot faults that fired. */
	faultsFired: number;
	/** When the first and the last task were created (ms since the epoch), null before any. */
	firstCreatedAt: number | null;
	lastCreatedAt: number | null;
}

interface FaultBase {
	/** Default 'any' ('create' for the *-after-create kinds and gateway-late, 'get' for no-status). On 'images' the *-after-create kinds spoil the answer after the images were made. */
	route?: FaultRoute;
	/** How many matching requests the fault spoils (default 1; Infinity allowed). */
	times?: number;
	/** On a create: this many tasks by someone else (same model, other seeds) appear right after ours. */
	others?: number;
}

export type FaultSpec =
	/** Error body with this status; nothing is done (no task created). */
	| (FaultBase & { kind: 'status'; status: number; code?: string; message?: string; retryAfter?: number })
	/** The work is done (task created / advanced / cancelled), then this error (default 500) is answered. */
	| (FaultBase & { kind: 'status-after-create'; status?: number; code?: string; message?: string; retryAfter?: number })
	/** Socket destroyed after the request was read, before anything is done. */
	| (FaultBase & { kind: 'reset-before' })
	/** The work is done (task created), then the socket is destroyed without an answer. */
	| (FaultBase & { kind: 'reset-after-create' })
	/** Handled normally after delayMs; on create the task is created when the delay ends (even if the client gave up). */
	| (FaultBase & { kind: 'slow'; delayMs: number; /** Real milliseconds, not the simulator's clock: for a client's own socket timeout. */ realDelay?: boolean })
	/** The work is done (a create creates the task), then 200 with the truncated body `{"id": "cgt-`. */
	| (FaultBase & { kind: 'malformed-json' })
	/** An nginx-style HTML error page (default status 502); nothing is done. */
	| (FaultBase & { kind: 'html'; status?: number })
	/**
	 * `status` (default 307), empty, with `Location`: `location`, else with `toOtherOrigin` the same
	 * path on `otherOrigin` (the other spelling of loopback: another origin, the same server), else
	 * the same URL. Nothing is done.
	 */
	| (FaultBase & { kind: 'redirect'; status?: number; location?: string; toOtherOrigin?: boolean })
	/** 200 with an {"error":{…}} body (default code InternalServiceError); nothing is done. */
	| (FaultBase & { kind: 'error-200'; code?: string; message?: string })
	/** GET only: the task advances as usual but the answer lacks `status`. */
	| (FaultBase & { kind: 'no-status' })
	/** Rate limit on create, on until clearFaults(): beyond `limit` admitted creates per sliding `windowMs` (default 60000) → 429, nothing created. */
	| { kind: 'rpm'; limit: number; windowMs?: number; retryAfter?: number; code?: string }
	/**
	 * Images per minute on the images route, on until clearFaults(): a request reserves the most it may make (1, or max_images) and is
	 * refused (429 ModelAccountIpmRateLimitExceeded, or `code`) when the window's images plus that exceed `limit`; once made, only the images made count.
	 */
	| { kind: 'ipm'; limit: number; windowMs?: number; retryAfter?: number; code?: string }
	/** A gateway page (default 504) at once; the upstream creates the task (route 'images': makes the images) delayMs (default 0) later. */
	| (FaultBase & { kind: 'gateway-late'; status?: number; delayMs?: number })
	/** An error (default 500) whose JSON body echoes the request's Authorization header and key. */
	| (FaultBase & { kind: 'echo-key'; status?: number; code?: string })
	/** A proxy that drops the list's query string (page 1, default page size). */
	| (FaultBase & { kind: 'ignore-query' })
	/** A proxy that leaves fields out of task objects (default seed, model, created_at). */
	| (FaultBase & { kind: 'drop-fields'; fields?: string[] })
	/**
	 * Images only: the images are made, then the answer breaks off: a stream after its first `after` events (default half of
	 * them), a JSON answer after half its bytes; the socket drops `delayMs` (default 0, the simulator's clock) later.
	 */
	| (FaultBase & { kind: 'cut-stream'; after?: number; delayMs?: number; realDelay?: boolean })
	/** Images only: the images are made, and each event of the stream goes `delayMs` (the simulator's clock) after the one before. */
	| (FaultBase & { kind: 'slow-stream'; delayMs: number })
	/**
	 * A video URL that answers something else with 200: `body` 'html' (a login page, text/html),
	 * 'json' (an error object, application/json), 'empty' (0 bytes, video/mp4) or 'text' (bytes that
	 * are no video, video/mp4); `contentType` overrides the type sent.
	 */
	| (FaultBase & { kind: 'not-video'; body?: 'html' | 'json' | 'empty' | 'text'; contentType?: string })
	/** A video download that breaks off half way. */
	| (FaultBase & { kind: 'cut' })
	/** A video download that stops sending half way, for delayMs (default: until reset/close). */
	| (FaultBase & { kind: 'stall'; delayMs?: number; realDelay?: boolean });

export interface CallbackAttempt {
	taskId: string;
	url: string;
	status: TaskStatus;
	/** 1 = first try; 0 for a skipped (non-loopback) URL or one dropped while callbacks were stopped. */
	attempt: number;
	outcome: 'pending' | 'ok' | 'http-error' | 'timeout' | 'network-error' | 'skipped' | 'dropped';
	httpStatus?: number;
	time: number;
	/** How long the attempt took, once settled. */
	ms?: number;
}

export interface TaskInfo {
	prompt: string;
	mode: ImageMode;
	images: Array<{ url: string; role?: 'first_frame' | 'last_frame' | 'reference_image' }>;
	/** The prompt commands that were valid and parsed (bad ones are dropped). */
	commands: Partial<{
		resolution: string;
		ratio: string;
		duration: number;
		framespersecond: number;
		seed: number;
		camera_fixed: boolean;
		watermark: boolean;
	}>;
	camera_fixed: boolean;
	watermark: boolean;
	callback_url?: string;
	/** The terminal status the task will reach on its own. */
	outcome: 'succeeded' | 'failed' | 'expired';
	/** GETs of this task so far. */
	polls: number;
	/** True once setStatus() was used: the task no longer progresses by itself. */
	pinned: boolean;
}

/** One image the images route made (per-image failures are not recorded). */
export interface GeneratedImageRecord {
	/** The file name, `img-<20 hex>.png|jpeg`. */
	name: string;
	/** The signed URL answered (response_format url); absent for b64_json. */
	url?: string;
	model: string;
	prompt: string;
	/** Its place in its answer (`data[index]`, `image_index`). */
	index: number;
	width: number;
	height: number;
	format: 'png' | 'jpeg';
	/** The image itself: a real PNG (1-bit palette) or greyscale JPEG of one colour, exactly width × height. */
	data: Buffer;
	responseFormat: 'url' | 'b64_json';
	time: number;
}

export interface Simulator extends EventEmitter {
	readonly port: number;
	/** 'http://127.0.0.1:PORT' (or publicOrigin). */
	readonly origin: string;
	/**
	 * The same server spelled `http://localhost:PORT`: another origin for a client (a host the key
	 * must never reach). Requests that came this way have `headers.host` starting with `localhost`.
	 */
	readonly otherOrigin: string;
	/** origin + '/api/v3' (Ark flavour: create answers {"id"}). */
	readonly arkUrl: string;
	/** origin + '/volc/v1' (ChainHub flavour: create answers {"id","status":"submitted"}). */
	readonly chainhubUrl: string;
	readonly options: Readonly<Required<Omit<SimulatorOptions, 'publicOrigin' | 'log'>>> & Pick<SimulatorOptions, 'publicOrigin' | 'log'>;
	/** Every request received, oldest first. */
	readonly requests: RecordedRequest[];
	/** id → the stored task (read it, don't write it: use setStatus). */
	readonly tasks: Map<string, SeedanceTask>;
	readonly stats: SimulatorStats;
	/** Every callback attempt (only plain-http loopback URLs are ever called). */
	readonly callbacks: CallbackAttempt[];
	/** Every image the images route made, oldest first (reset() empties it). */
	readonly images: GeneratedImageRecord[];
	/** The image's file (by its name or URL) now answers 403 AccessDenied XML, like a URL past its 24 h. Throws for an unknown image. */
	expireImage(nameOrUrl: string): void;

	fault(spec: FaultSpec): void;
	/** The server's clock runs ms ahead (negative: behind); reset() sets it back to 0. */
	setClockOffset(ms: number): void;
	/** Tasks created by someone else (a create fault's `others`). */
	readonly foreign: Set<string>;
	clearFaults(): void;
	/** The API stops calling back: each status change meanwhile is recorded as 'dropped' and never sent (nor retried). reset() undoes it. */
	stopCallbacks(): void;
	/** Calls back again, from the next status change on. */
	resumeCallbacks(): void;
	/** Forces a status (pins the task); `succeeded` adds content/usage, `failed` a default error; `extra` is merged in. Throws for an unknown id. */
	setStatus(id: string, status: TaskStatus, extra?: Partial<SeedanceTask>): SeedanceTask;
	/** The task's video (and last frame) now answer 403 AccessDenied XML, like an expired signed URL. */
	expireVideo(id: string): void;
	/** What the simulator parsed from the create request; undefined for an unknown or deleted task. */
	taskInfo(id: string): TaskInfo | undefined;
	/** Drops tasks, videos, images, requests, stats, faults and callback records; requests still held by a `slow` fault are dropped unanswered (nothing created). */
	reset(): void;
	close(): Promise<void>;

	on(event: 'request', listener: (r: RecordedRequest & { status?: number }) => void): this;
	on(event: 'status', listener: (task: SeedanceTask) => void): this;
	on(event: string | symbol, listener: (...args: any[]) => void): this;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;

/** A valid 400x300 JPEG data URL (passes the documented image limits). */
export function sampleImageDataUrl(): string;

/** Strings that steer the simulator from inside a request. */
export const TRIGGERS: {
	/** In the prompt: 400 InputTextSensitiveContentDetected. */
	readonly unsafeText: '[sim:unsafe-text]';
	/** In an image URL: 400 InputImageSensitiveContentDetected.PrivacyInformation (in a video URL: InputVideo…). */
	readonly privacyImage: 'sim-privacy';
	/** In the prompt: the task ends `failed` with OutputAudioSensitiveContentDetected.PolicyViolation. */
	readonly audioCopyright: '[sim:audio-copyright]';
	/** In the prompt: the task ends `failed` with OutputVideoSensitiveContentDetected. */
	readonly fail: '[sim:fail]';
	/** In the prompt: the task ends `expired`. */
	readonly expire: '[sim:expire]';
};

/** Strings that steer the images route from inside a request (README.md, "Images"). */
export const IMAGE_TRIGGERS: {
	/** In the prompt of a group request: make n images (capped by max_images and 15 − references). */
	readonly images: (n: number) => string;
	/** In the prompt: image k (from 0) is blocked by the output filter, later ones go on; a one-image request fails whole (400). Repeatable. */
	readonly filterImage: (k: number) => string;
	/** In the prompt: image k fails with InternalServiceError and no later image is made; a one-image request fails whole (500). */
	readonly failImage: (k: number) => string;
	/** In the prompt: 400 OutputImageSensitiveContentDetected for the whole request. */
	readonly unsafeOutput: '[sim:unsafe-output]';
	/** In the prompt: 400 InputTextSensitiveContentDetected for the whole request. */
	readonly unsafeText: '[sim:unsafe-text]';
	/** In the prompt of a stream: no `image_generation.completed` event, only `[DONE]`. */
	readonly noCompleted: '[sim:no-completed]';
	/** In an image URL: 400 InputImageSensitiveContentDetected.PrivacyInformation. */
	readonly privacyImage: 'sim-privacy';
};

/** Absolute path of the fixtures folder (sample.mp4, last-frame.png, reference.jpg). */
export const FIXTURES: string;
