'use strict';
/**
 * Request validation, as seedance-api.md describes it:
 *  - create: `validateCreate(body)` returns the normalised task parameters or throws a SimError
 *    (400 InvalidParameter / MissingParameter with `param` set, 404 for `missing-…` models, 400
 *    content-safety codes for the test triggers);
 *  - prompt commands (`--rs 720p …`): parsed loosely, a bad value silently falls back to the default;
 *  - list: `validateListQuery(query)`.
 */
const crypto = require('crypto');
const { SimError, invalid, missing, modelNotFound, taskTypeConstraint } = require('./errors');
const { modelInfo, MODE_NAMES } = require('./models');
const { sniffImage } = require('./image');

const RESOLUTIONS = ['480p', '720p', '1080p'];
const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'];
const ROLES = ['first_frame', 'last_frame', 'reference_image'];
const RESOLUTIONS_2X = ['480p', '720p', '1080p', '4k'];
const SERVICE_TIERS = ['default', 'flex'];
const TASK_TYPES = ['auto', 'reference', 'edit', 'extend'];
const OUTPUT_FORMATS = ['mp4', 'mov'];
const AUDIO_FORMATS = ['wav', 'mp3', 'mpeg'];
const MAX_AUDIO_BYTES = 15 * 1024 * 1024;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired'];
const IMAGE_FORMATS = ['jpeg', 'jpg', 'png', 'webp', 'bmp', 'tiff', 'gif'];
/** 2.x also takes HEIC/HEIF images (seedance-api-2x.md, "Content items"). */
const IMAGE_FORMATS_2X = [...IMAGE_FORMATS, 'heic', 'heif'];
const SEED_MAX = 2 ** 32 - 1;
const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

/** Test triggers (see README): the prompt or an image URL containing these changes the outcome. */
const TRIGGERS = {
	unsafeText: '[sim:unsafe-text]',
	privacyImage: 'sim-privacy',
	audioCopyright: '[sim:audio-copyright]',
	fail: '[sim:fail]',
	expire: '[sim:expire]',
};

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v) => typeof v === 'number' && Number.isInteger(v);

// ---- Create ---------------------------------------------------------------------------------------

function validateCreate(body) {
	if (!isObject(body)) throw new SimError('InvalidParameter', 'The request body must be a JSON object.');

	// model
	if (body.model === undefined || body.model === null || body.model === '') throw missing('model');
	if (typeof body.model !== 'string') throw invalid('model', 'must be a string');
	if (body.model.startsWith('missing-')) throw modelNotFound(body.model);
	const info = modelInfo(body.model);

	// content
	if (body.content === undefined || body.content === null) throw missing('content');
	if (!Array.isArray(body.content)) throw invalid('content', 'must be an array');
	if (body.content.length === 0) throw invalid('content', 'must contain at least one item');
	const { prompt, images, videos, audio, draftTask } = readContent(body.content, info);
	const mode = draftTask ? draftMode(body, info, prompt, images, videos, audio) : contentMode(images, videos, audio, info);
	if (mode === 't2v' && !prompt.trim()) {
		throw invalid('content', 'a text prompt is required when no image is given');
	}
	if (!info.modes.includes(mode)) {
		throw invalid('content', `the model ${body.model} does not support ${MODE_NAMES[mode]}`);
	}
	if (mode === 'reference') checkReferences(info, images, videos, audio);

	const opts = readOptions(body, info, mode);
	// 2.x reads no prompt commands (seedance-api-2x.md): `--rs` stays plain prompt text there.
	const commands = info.is2x ? {} : parsePromptCommands(prompt, info, mode);
	const failure = asyncFailure(info, mode, opts, prompt);

	// Top-level fields (strict) win over prompt commands (loose); then the defaults.
	const params = {
		model: body.model,
		mode,
		prompt,
		images: images.map((i) => ({ url: i.url, role: i.role })),
		resolution: opts.resolution ?? commands.resolution ?? info.defaultResolution,
		ratio: opts.ratio ?? commands.ratio ?? info.defaultRatio ?? (mode === 'first_frame' || mode === 'first_last_frame' ? 'adaptive' : '16:9'),
		duration: opts.duration ?? commands.duration ?? info.defaultDuration,
		frames: opts.frames,
		framespersecond: commands.framespersecond ?? 24,
		seed: opts.seed ?? commands.seed ?? -1,
		camera_fixed: opts.camera_fixed ?? commands.camera_fixed ?? false,
		watermark: opts.watermark ?? commands.watermark ?? false,
		return_last_frame: opts.return_last_frame ?? false,
		service_tier: opts.service_tier ?? 'default',
		execution_expires_after: opts.execution_expires_after ?? 172800,
		callback_url: opts.callback_url,
		generate_audio: opts.generate_audio ?? info.defaultGenerateAudio,
		draft: opts.draft,
		draft_task_id: draftTask ? draftTask.id : undefined,
		videos: videos.map((v) => v.url),
		audio: audio.map((a) => a.url),
		output_format: opts.output_format,
		priority: opts.priority,
		safety_identifier: opts.safety_identifier,
		tools: opts.tools,
		omni_reference_task_type: opts.omni_reference_task_type,
		failure,
		commands,
	};
	if (params.seed === -1) params.seed = crypto.randomInt(0, 2 ** 31);
	// duration -1 lets the model choose: the simulator chooses 5 s (a 2.5 edit: its source's length).
	params.durationAuto = params.duration === -1;
	if (params.duration === -1) params.duration = 5;

	checkSafety(prompt, images, videos);
	return params;
}

/** Walks `content`: exactly the documented shapes for text, image_url, video_url, audio_url and draft_task items. */
function readContent(content, info) {
	let prompt;
	let draftTask;
	const images = [];
	const videos = [];
	const audio = [];
	content.forEach((item, i) => {
		const where = `content[${i}]`;
		if (!isObject(item)) throw invalid('content', `${where} must be an object`);
		if (item.type === 'text') {
			if (typeof item.text !== 'string') throw invalid('content', `${where}.text must be a string`);
			if (prompt !== undefined) throw invalid('content', 'at most one text item is allowed');
			prompt = item.text;
		} else if (item.type === 'image_url') {
			if (!isObject(item.image_url)) throw invalid('content', `${where}.image_url must be an object with a url`);
			const url = item.image_url.url;
			if (typeof url !== 'string' || url === '') throw invalid('content', `${where}.image_url.url must be a non-empty string`);
			if (!isAsset(url)) checkImageUrl(url, where, info);
			if (item.role !== undefined && !ROLES.includes(item.role)) {
				throw invalid('content', `${where}.role must be one of ${ROLES.join(', ')}`);
			}
			images.push({ url, role: item.role, index: i });
		} else if (item.type === 'video_url') {
			if (!isObject(item.video_url)) throw invalid('content', `${where}.video_url must be an object with a url`);
			const url = item.video_url.url;
			if (typeof url !== 'string' || url === '') throw invalid('content', `${where}.video_url.url must be a non-empty string`);
			if (url.startsWith('data:')) throw invalid('content', `${where}.video_url.url must be an http(s) URL or an asset:// id; base64 video is not supported`);
			if (!isAsset(url) && !isHttp(url)) throw invalid('content', `${where}.video_url.url must be an http(s) URL or an asset:// id`);
			if (item.role !== 'reference_video') throw invalid('content', `${where}.role must be reference_video for video contents`);
			videos.push({ url, index: i });
		} else if (item.type === 'audio_url') {
			if (!isObject(item.audio_url)) throw invalid('content', `${where}.audio_url must be an object with a url`);
			const url = item.audio_url.url;
			if (typeof url !== 'string' || url === '') throw invalid('content', `${where}.audio_url.url must be a non-empty string`);
			const seconds = isAsset(url) ? undefined : checkAudioUrl(url, where);
			if (item.role !== 'reference_audio') throw invalid('content', `${where}.role must be reference_audio for audio contents`);
			audio.push({ url, seconds, index: i });
		} else if (item.type === 'draft_task') {
			if (!isObject(item.draft_task) || typeof item.draft_task.id !== 'string' || item.draft_task.id === '') {
				throw invalid('content', `${where}.draft_task.id must be a non-empty string`);
			}
			if (draftTask) throw invalid('content', 'at most one draft_task item is allowed');
			draftTask = { id: item.draft_task.id };
		} else if (item.type === undefined) {
			throw invalid('content', `${where}.type must be specified`);
		} else {
			throw invalid('content', `${where}.type must be one of text, image_url, video_url, audio_url, draft_task, got ${JSON.stringify(item.type)}`);
		}
	});
	return { prompt: prompt ?? '', images, videos, audio, draftTask };
}

const isAsset = (url) => /^asset:\/\/\S+$/.test(url);
function isHttp(url) {
	try {
		return ['http:', 'https:'].includes(new URL(url).protocol);
	} catch {
		return false;
	}
}

/** Audio: http(s), or data:audio/wav|mp3;base64 under 15 MB; returns a WAV's length when it can read it. */
function checkAudioUrl(url, where) {
	if (!url.startsWith('data:')) {
		if (!isHttp(url)) throw invalid('content', `${where}.audio_url.url must be an http(s) URL, an asset:// id or a base64 data URL`);
		return undefined;
	}
	const m = /^data:audio\/([^;,]+);base64,(.*)$/s.exec(url);
	if (!m) throw invalid('content', `${where}.audio_url.url must be a data URL of the form data:audio/<format>;base64,<data>`);
	if (!AUDIO_FORMATS.includes(m[1])) throw invalid('content', `${where}.audio_url.url has audio format "${m[1]}"; use wav or mp3`);
	const bytes = Buffer.from(m[2], 'base64');
	if (bytes.length === 0) throw invalid('content', `${where}.audio_url.url does not carry valid base64 data`);
	if (bytes.length > MAX_AUDIO_BYTES) throw invalid('content', `${where} audio must be at most 15 MB`);
	return wavLength(bytes);
}

/** Seconds of a RIFF/WAVE file (data chunk size / byte rate), or undefined. */
function wavLength(buf) {
	if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return undefined;
	let byteRate;
	for (let i = 12; i + 8 <= buf.length; ) {
		const id = buf.toString('ascii', i, i + 4);
		const size = buf.readUInt32LE(i + 4);
		if (id === 'fmt ' && i + 16 <= buf.length) byteRate = buf.readUInt32LE(i + 16);
		if (id === 'data') return byteRate ? size / byteRate : undefined;
		i += 8 + size + (size % 2);
	}
	return undefined;
}

/** http(s) URL, or data:image/<lower-case format>;base64,<data> within the documented limits. */
function checkImageUrl(url, where, info) {
	const formats = info.is2x || !info.known ? IMAGE_FORMATS_2X : IMAGE_FORMATS;
	if (url.startsWith('data:')) {
		const m = /^data:image\/([^;,]+);base64,(.*)$/s.exec(url);
		if (!m) throw invalid('content', `${where}.image_url.url must be a data URL of the form data:image/<format>;base64,<data>`);
		if (!formats.includes(m[1])) {
			throw invalid('content', `${where}.image_url.url has image format "${m[1]}"; use one of ${formats.filter((f) => f !== 'jpg').join(', ')} in lower case`);
		}
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(m[2]) || m[2].length === 0) {
			throw invalid('content', `${where}.image_url.url does not carry valid base64 data`);
		}
		const bytes = Buffer.from(m[2], 'base64');
		if (bytes.length >= MAX_IMAGE_BYTES) throw invalid('content', `${where} image must be smaller than 30 MB`);
		const img = sniffImage(bytes);
		if (!img || !formats.includes(img.format)) throw invalid('content', `${where} image can't be decoded as ${formats.filter((f) => f !== 'jpg').join(', ')}`);
		const { width: w, height: h } = img;
		if (w !== undefined && h !== undefined) {
			if (w < 300 || h < 300 || w > 6000 || h > 6000) {
				throw invalid('content', `${where} image is ${w}x${h}; each side must be 300 to 6000 px`);
			}
			if (w / h < 0.4 || w / h > 2.5) {
				throw invalid('content', `${where} image is ${w}x${h}; width/height must be between 0.4 and 2.5`);
			}
		}
		return;
	}
	let parsed;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
		throw invalid('content', `${where}.image_url.url must be an http(s) URL or a base64 data URL`);
	}
}

/** Which mode the roles describe; frames and references never mix. */
function contentMode(images, videos, audio, info) {
	const refs = images.filter((i) => i.role === 'reference_image').length;
	if (videos.length > 0 || audio.length > 0 || refs > 0) {
		if (refs !== images.length) {
			throw invalid('content', 'reference_image cannot be mixed with first_frame / last_frame images; the image modes never mix');
		}
		if (info.legacyReference) {
			if (videos.length || audio.length) throw invalid('content', `the model does not support video_url or audio_url contents`);
			if (refs > 4) throw invalid('content', 'reference mode takes 1 to 4 reference_image items');
		}
		return 'reference';
	}
	if (images.length === 0) return 't2v';
	const roles = images.map((i) => i.role);
	if (images.length === 1) {
		if (roles[0] === 'last_frame') throw invalid('content', 'a last_frame image needs a first_frame image');
		return 'first_frame';
	}
	if (roles.some((r) => r === undefined)) throw invalid('content', 'role must be specified for image contents');
	if (images.length === 2 && roles.includes('first_frame') && roles.includes('last_frame')) return 'first_last_frame';
	throw invalid('content', 'give one first_frame image, a first_frame and a last_frame image, or reference_image / reference_video / reference_audio items');
}

/** 2.x reference limits: counts per kind, audio alone (2.0), clip lengths where readable. */
function checkReferences(info, images, videos, audio) {
	const l = info.limits;
	if (!l) return;
	if (images.length > l.images) throw invalid('content', `at most ${l.images} reference_image items are allowed for this model`);
	if (videos.length > l.videos) throw invalid('content', `at most ${l.videos} reference_video items are allowed for this model`);
	if (audio.length > l.audio) throw invalid('content', `at most ${l.audio} reference_audio items are allowed for this model`);
	if (!l.audioAlone && audio.length > 0 && images.length + videos.length === 0) {
		throw invalid('content', 'reference_audio requires at least one reference_image or reference_video; text plus audio is not supported');
	}
	let total = 0;
	audio.forEach((a) => {
		if (a.seconds === undefined) return;
		if (a.seconds < 2 || a.seconds > l.clipMax) throw invalid('content', `content[${a.index}] audio must be 2 to ${l.clipMax} seconds long`);
		total += a.seconds;
	});
	if (total > l.total) throw invalid('content', `reference audio must be at most ${l.total} seconds in total`);
}

/** Draft → final (2.5): the draft_task alone, 1080p, nothing the draft fixed. */
function draftMode(body, info, prompt, images, videos, audio) {
	if (prompt || images.length || videos.length || audio.length) {
		throw invalid('content', 'a draft_task item must be the only content item');
	}
	for (const name of ['duration', 'ratio', 'seed', 'generate_audio', 'omni_reference_task_type', 'frames', 'camera_fixed']) {
		if (body[name] !== undefined) throw invalid(name, 'cannot be set when generating from a draft task');
	}
	if (body.draft === true) throw invalid('draft', 'must be false or omitted when generating from a draft task');
	const wanted = info.version === '2.5' ? (info.family === 'seedance-2-5-premium' ? '4k' : '1080p') : undefined;
	if (wanted && body.resolution !== undefined && body.resolution !== wanted) {
		throw new SimError('InvalidResolutionParameter', `The resolution ${body.resolution} is not valid for a final video from a draft; use ${wanted}.`, {
			param: 'resolution',
		});
	}
	return 'draft_final';
}

/** Failures the API reports only after the task started (2.5 task-type rules, audio copyright). */
function asyncFailure(info, mode, opts, prompt) {
	if (prompt.includes(TRIGGERS.audioCopyright)) {
		return { code: 'OutputAudioSensitiveContentDetected.PolicyViolation', message: 'The generated audio may contain copyrighted music.' };
	}
	const ratio = opts.ratio ?? info.defaultRatio;
	if (info.adaptiveOnlyFrames && (mode === 'first_frame' || mode === 'first_last_frame') && ratio !== 'adaptive') {
		return { code: 'InvalidParameter.TaskTypeConstraint', message: 'The ratio must be adaptive for first-frame and first-and-last-frame tasks.' };
	}
	return undefined;
}

/** Top-level output options and task options: strictly validated. */
function readOptions(body, info, mode) {
	const o = {};
	// 1.x reference mode has narrower rules; 2.x and unknown models don't (seedance-api-2x.md).
	const ref = mode === 'reference' && info.legacyReference;

	if (body.resolution !== undefined) {
		const allowed = info.resolutions || RESOLUTIONS_2X;
		if (!allowed.includes(body.resolution)) throw invalid('resolution', `must be one of ${allowed.join(', ')} for this model`);
		if (ref && body.resolution === '1080p') throw invalid('resolution', '1080p is not supported with reference images');
		o.resolution = body.resolution;
	}
	if (body.ratio !== undefined) {
		if (!RATIOS.includes(body.ratio)) throw invalid('ratio', `must be one of ${RATIOS.join(', ')}`);
		if (ref && body.ratio === 'adaptive') throw invalid('ratio', 'adaptive is not supported with reference images');
		o.ratio = body.ratio;
	}
	if (body.duration !== undefined) {
		if (!isInt(body.duration) || !info.durationOk(body.duration)) {
			throw invalid('duration', `must be an integer number of seconds, ${info.durationRange} for this model`);
		}
		o.duration = body.duration;
	}
	if (body.frames !== undefined) {
		if (!info.framesAllowed) throw invalid('frames', 'not supported by this model; use duration');
		if (body.duration !== undefined) throw invalid('frames', 'set either duration or frames, not both');
		if (!isInt(body.frames) || body.frames < 29 || body.frames > 289 || (body.frames - 25) % 4 !== 0) {
			throw invalid('frames', 'must be an integer of the form 25+4n between 29 and 289');
		}
		o.frames = body.frames;
	}
	if (body.seed !== undefined) {
		if (!isInt(body.seed) || body.seed < -1 || body.seed > info.seedMax) throw invalid('seed', `must be an integer from -1 to ${info.seedMax}`);
		o.seed = body.seed;
	}
	for (const name of ['camera_fixed', 'watermark', 'return_last_frame', 'generate_audio', 'draft']) {
		if (body[name] !== undefined && typeof body[name] !== 'boolean') throw invalid(name, 'must be a boolean');
	}
	if (body.camera_fixed !== undefined) {
		if (!info.cameraFixedAllowed) throw invalid('camera_fixed', `not supported by the model ${body.model}`);
		if (ref) throw invalid('camera_fixed', 'not supported with reference images');
		o.camera_fixed = body.camera_fixed;
	}
	if (body.watermark !== undefined) o.watermark = body.watermark;
	if (body.return_last_frame !== undefined) o.return_last_frame = body.return_last_frame;
	for (const name of ['generate_audio', 'draft']) {
		if (body[name] === undefined) continue;
		if (!info.audioAndDraftAllowed || (name === 'draft' && !info.draftAllowed)) throw invalid(name, `not supported by the model ${body.model}`);
		o[name] = body[name];
	}
	if (o.draft && info.version === '2.5' && body.resolution !== '480p') {
		throw invalid('resolution', 'a draft must be 480p');
	}
	if (body.service_tier !== undefined) {
		if (!SERVICE_TIERS.includes(body.service_tier)) throw invalid('service_tier', 'must be "default" or "flex"');
		if (body.service_tier === 'flex' && !info.flexAllowed) throw invalid('service_tier', 'flex (offline inference) is not supported by this model');
		o.service_tier = body.service_tier;
	}
	if (body.execution_expires_after !== undefined) {
		const v = body.execution_expires_after;
		if (!isInt(v) || v < 3600 || v > 259200) throw invalid('execution_expires_after', 'must be an integer from 3600 to 259200 (seconds)');
		o.execution_expires_after = v;
	}
	if (body.callback_url !== undefined) {
		let ok = false;
		if (typeof body.callback_url === 'string') {
			try {
				ok = ['http:', 'https:'].includes(new URL(body.callback_url).protocol);
			} catch {
				ok = false;
			}
		}
		if (!ok) throw invalid('callback_url', 'must be an http(s) URL');
		o.callback_url = body.callback_url;
	}
	if (body.output_format !== undefined) {
		if (!info.outputFormatAllowed) throw invalid('output_format', `not supported by the model ${body.model}`);
		if (!OUTPUT_FORMATS.includes(body.output_format)) throw invalid('output_format', 'must be "mp4" or "mov"');
		o.output_format = body.output_format;
	}
	if (body.priority !== undefined) {
		if (!isInt(body.priority) || body.priority < 0 || body.priority > 9) throw invalid('priority', 'must be an integer from 0 to 9');
		o.priority = body.priority;
	}
	if (body.safety_identifier !== undefined) {
		if (typeof body.safety_identifier !== 'string' || body.safety_identifier.length > 64) {
			throw invalid('safety_identifier', 'must be a string of at most 64 characters');
		}
		o.safety_identifier = body.safety_identifier;
	}
	if (body.tools !== undefined) {
		const ok = Array.isArray(body.tools) && body.tools.every((t) => isObject(t) && t.type === 'web_search');
		if (!ok) throw invalid('tools', 'must be an array of {"type":"web_search"}; only web_search is supported');
		o.tools = body.tools;
	}
	if (body.omni_reference_task_type !== undefined) {
		const t = body.omni_reference_task_type;
		if (!info.taskTypeAllowed) throw invalid('omni_reference_task_type', `not supported by the model ${body.model}`);
		if (!TASK_TYPES.includes(t)) throw invalid('omni_reference_task_type', `must be one of ${TASK_TYPES.join(', ')}`);
		if (mode !== 'reference') throw invalid('omni_reference_task_type', 'only applies to reference content');
		// An explicit edit/extend moves the task-type check to submit time (B25).
		if ((t === 'edit' || t === 'extend') && info.known) {
			const ratio = body.ratio ?? info.defaultRatio;
			if (ratio !== 'adaptive') throw taskTypeConstraint(`${t} tasks require ratio adaptive`);
			const duration = body.duration ?? info.defaultDuration;
			if (t === 'edit' && duration !== -1) throw taskTypeConstraint('edit tasks require duration -1');
		}
		o.omni_reference_task_type = t;
	}
	return o;
}

// ---- Prompt commands (loose) ----------------------------------------------------------------------

const COMMAND_NAMES = {
	resolution: 'resolution',
	rs: 'resolution',
	ratio: 'ratio',
	rt: 'ratio',
	duration: 'duration',
	dur: 'duration',
	framespersecond: 'framespersecond',
	fps: 'framespersecond',
	seed: 'seed',
	camerafixed: 'camera_fixed',
	cf: 'camera_fixed',
	watermark: 'watermark',
	wm: 'watermark',
};

/**
 * `--rs 720p --dur 5 …` in the prompt. Only good values are returned; a bad value (or one the mode
 * doesn't support) is dropped, so the default applies, as the docs say. Unknown commands are ignored.
 */
function parsePromptCommands(prompt, info, mode) {
	const out = {};
	const ref = mode === 'reference';
	const re = /(?:^|\s)--([A-Za-z]+)\s+(\S+)/g;
	let m;
	while ((m = re.exec(prompt))) {
		const name = COMMAND_NAMES[m[1].toLowerCase()];
		const raw = m[2];
		let value;
		switch (name) {
			case 'resolution':
				if (RESOLUTIONS.includes(raw) && !(ref && raw === '1080p')) value = raw;
				break;
			case 'ratio':
				if (RATIOS.includes(raw) && !(ref && raw === 'adaptive')) value = raw;
				break;
			case 'duration':
				if (/^-?\d+$/.test(raw) && info.durationOk(Number(raw))) value = Number(raw);
				break;
			case 'framespersecond':
				if (raw === '24') value = 24;
				break;
			case 'seed':
				if (/^-?\d+$/.test(raw) && Number(raw) >= -1 && Number(raw) <= SEED_MAX) value = Number(raw);
				break;
			case 'camera_fixed':
				if (!ref && (raw === 'true' || raw === 'false')) value = raw === 'true';
				break;
			case 'watermark':
				if (raw === 'true' || raw === 'false') value = raw === 'true';
				break;
			default:
				break;
		}
		if (name && value !== undefined) out[name] = value;
	}
	return out;
}

// ---- Content-safety test triggers -------------------------------------------------------------------

function checkSafety(prompt, images, videos = []) {
	if (prompt.includes(TRIGGERS.unsafeText)) {
		throw new SimError(
			'InputTextSensitiveContentDetected',
			'The request failed because the input text may contain sensitive information.',
		);
	}
	if (images.some((i) => i.url.includes(TRIGGERS.privacyImage))) {
		throw new SimError(
			'InputImageSensitiveContentDetected.PrivacyInformation',
			'The request failed because the input image may contain real person.',
		);
	}
	if (videos.some((v) => v.url.includes(TRIGGERS.privacyImage))) {
		throw new SimError(
			'InputVideoSensitiveContentDetected.PrivacyInformation',
			'The request failed because the input video may contain real person.',
		);
	}
}

/** The terminal status a new task will reach: 'succeeded' unless a trigger in the prompt says otherwise. */
function outcomeOf(prompt) {
	if (prompt.includes(TRIGGERS.fail)) return 'failed';
	if (prompt.includes(TRIGGERS.expire)) return 'expired';
	return 'succeeded';
}

// ---- List query ------------------------------------------------------------------------------------

const one = (v) => (Array.isArray(v) ? v[v.length - 1] : v);

function pageParam(query, name, dflt) {
	const raw = query[name];
	if (raw === undefined) return dflt;
	if (Array.isArray(raw) || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 500) {
		throw invalid(name, 'must be an integer from 1 to 500');
	}
	return Number(raw);
}

/** page_num, page_size (1–500), filter.status, filter.task_ids (repeated), filter.model, filter.service_tier. */
function validateListQuery(query) {
	const status = one(query['filter.status']);
	if (status !== undefined && !STATUSES.includes(status)) throw invalid('filter.status', `must be one of ${STATUSES.join(', ')}`);
	const tier = one(query['filter.service_tier']);
	if (tier !== undefined && !SERVICE_TIERS.includes(tier)) throw invalid('filter.service_tier', 'must be "default" or "flex"');
	const ids = query['filter.task_ids'];
	return {
		pageNum: pageParam(query, 'page_num', 1),
		pageSize: pageParam(query, 'page_size', 10),
		status,
		taskIds: ids === undefined ? undefined : [].concat(ids),
		model: one(query['filter.model']),
		serviceTier: tier,
	};
}

module.exports = { validateCreate, validateListQuery, parsePromptCommands, outcomeOf, TRIGGERS, STATUSES };
