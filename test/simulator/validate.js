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
const { SimError, invalid, missing, modelNotFound } = require('./errors');
const { modelInfo, MODE_NAMES } = require('./models');
const { sniffImage } = require('./image');

const RESOLUTIONS = ['480p', '720p', '1080p'];
const RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9', 'adaptive'];
const ROLES = ['first_frame', 'last_frame', 'reference_image'];
const SERVICE_TIERS = ['default', 'flex'];
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired'];
const IMAGE_FORMATS = ['jpeg', 'jpg', 'png', 'webp', 'bmp', 'tiff', 'gif'];
const SEED_MAX = 2 ** 32 - 1;
const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

/** Test triggers (see README): the prompt or an image URL containing these changes the outcome. */
const TRIGGERS = {
	unsafeText: '[sim:unsafe-text]',
	privacyImage: 'sim-privacy',
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
	const { prompt, images } = readContent(body.content);
	const mode = imageMode(images);
	if (mode === 't2v' && !prompt.trim()) {
		throw invalid('content', 'a text prompt is required when no image is given');
	}
	if (!info.modes.includes(mode)) {
		throw invalid('content', `the model ${body.model} does not support ${MODE_NAMES[mode]}`);
	}

	const opts = readOptions(body, info, mode);
	const commands = parsePromptCommands(prompt, info, mode);

	// Top-level fields (strict) win over prompt commands (loose); then the defaults.
	const params = {
		model: body.model,
		mode,
		prompt,
		images: images.map((i) => ({ url: i.url, role: i.role })),
		resolution: opts.resolution ?? commands.resolution ?? info.defaultResolution,
		ratio: opts.ratio ?? commands.ratio ?? (mode === 'first_frame' || mode === 'first_last_frame' ? 'adaptive' : '16:9'),
		duration: opts.duration ?? commands.duration ?? 5,
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
		commands,
	};
	if (params.seed === -1) params.seed = crypto.randomInt(0, 2 ** 31);
	// duration -1 (1.5 pro) lets the model choose: the simulator chooses 5 s.
	if (params.duration === -1) params.duration = 5;

	checkSafety(prompt, images);
	return params;
}

/** Walks `content`: exactly the documented shapes for text and image_url items. */
function readContent(content) {
	let prompt;
	const images = [];
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
			checkImageUrl(url, where);
			if (item.role !== undefined && !ROLES.includes(item.role)) {
				throw invalid('content', `${where}.role must be one of ${ROLES.join(', ')}`);
			}
			images.push({ url, role: item.role, index: i });
		} else if (item.type === undefined) {
			throw invalid('content', `${where}.type must be specified`);
		} else {
			throw invalid('content', `${where}.type must be "text" or "image_url", got ${JSON.stringify(item.type)}`);
		}
	});
	return { prompt: prompt ?? '', images };
}

/** http(s) URL, or data:image/<lower-case format>;base64,<data> within the documented limits. */
function checkImageUrl(url, where) {
	if (url.startsWith('data:')) {
		const m = /^data:image\/([^;,]+);base64,(.*)$/s.exec(url);
		if (!m) throw invalid('content', `${where}.image_url.url must be a data URL of the form data:image/<format>;base64,<data>`);
		if (!IMAGE_FORMATS.includes(m[1])) {
			throw invalid('content', `${where}.image_url.url has image format "${m[1]}"; use one of jpeg, png, webp, bmp, tiff, gif in lower case`);
		}
		if (!/^[A-Za-z0-9+/]*={0,2}$/.test(m[2]) || m[2].length === 0) {
			throw invalid('content', `${where}.image_url.url does not carry valid base64 data`);
		}
		const bytes = Buffer.from(m[2], 'base64');
		if (bytes.length >= MAX_IMAGE_BYTES) throw invalid('content', `${where} image must be smaller than 30 MB`);
		const img = sniffImage(bytes);
		if (!img) throw invalid('content', `${where} image can't be decoded as jpeg, png, webp, bmp, tiff or gif`);
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

/** Which of the three image modes (or text-to-video) the roles describe; the modes never mix. */
function imageMode(images) {
	if (images.length === 0) return 't2v';
	const roles = images.map((i) => i.role);
	const refs = roles.filter((r) => r === 'reference_image').length;
	if (refs > 0) {
		if (refs !== images.length) {
			throw invalid('content', 'reference_image cannot be mixed with first_frame / last_frame images; the image modes never mix');
		}
		if (refs > 4) throw invalid('content', 'reference mode takes 1 to 4 reference_image items');
		return 'reference';
	}
	if (images.length === 1) {
		if (roles[0] === 'last_frame') throw invalid('content', 'a last_frame image needs a first_frame image');
		return 'first_frame';
	}
	if (roles.some((r) => r === undefined)) throw invalid('content', 'role must be specified for image contents');
	if (images.length === 2 && roles.includes('first_frame') && roles.includes('last_frame')) return 'first_last_frame';
	throw invalid('content', 'give one first_frame image, a first_frame and a last_frame image, or 1 to 4 reference_image images');
}

/** Top-level output options and task options: strictly validated. */
function readOptions(body, info, mode) {
	const o = {};
	const ref = mode === 'reference';

	if (body.resolution !== undefined) {
		if (!RESOLUTIONS.includes(body.resolution)) throw invalid('resolution', `must be one of ${RESOLUTIONS.join(', ')}`);
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
		if (!isInt(body.frames) || body.frames < 29 || body.frames > 289 || (body.frames - 25) % 4 !== 0) {
			throw invalid('frames', 'must be an integer of the form 25+4n between 29 and 289');
		}
		o.frames = body.frames;
	}
	if (body.seed !== undefined) {
		if (!isInt(body.seed) || body.seed < -1 || body.seed > SEED_MAX) throw invalid('seed', `must be an integer from -1 to ${SEED_MAX}`);
		o.seed = body.seed;
	}
	for (const name of ['camera_fixed', 'watermark', 'return_last_frame', 'generate_audio', 'draft']) {
		if (body[name] !== undefined && typeof body[name] !== 'boolean') throw invalid(name, 'must be a boolean');
	}
	if (body.camera_fixed !== undefined) {
		if (ref) throw invalid('camera_fixed', 'not supported with reference images');
		o.camera_fixed = body.camera_fixed;
	}
	if (body.watermark !== undefined) o.watermark = body.watermark;
	if (body.return_last_frame !== undefined) o.return_last_frame = body.return_last_frame;
	for (const name of ['generate_audio', 'draft']) {
		if (body[name] === undefined) continue;
		if (!info.audioAndDraftAllowed) throw invalid(name, `not supported by the model ${body.model}`);
		o[name] = body[name];
	}
	if (body.service_tier !== undefined) {
		if (!SERVICE_TIERS.includes(body.service_tier)) throw invalid('service_tier', 'must be "default" or "flex"');
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

function checkSafety(prompt, images) {
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
