'use strict';
/**
 * Seedream image generation: `POST {/api/v3|/volc/v1}/images/generations`, answered in the same
 * request (no task, no polling). Written from the Seedream API documentation (docs/seedream.md
 * gathers it), never from the node's code. See README.md, "Images".
 *
 *  - validateImagesRequest(body): the documented request rules per model, strict: a documented
 *    field sent to a model that does not take it, or a field no model takes, is a 400
 *    InvalidParameter (the docs don't say what the real API does; strictness lets tests see a
 *    node send only what a model takes). Unknown model ids get only the type checks.
 *  - generateImages(ctx): the handler. Checks the IPM limit (ctx.faults), makes the images and
 *    hosts them at signed URLs or returns them as base64 (imageFiles.js), and answers JSON or
 *    server-sent events.
 */
const { SimError, invalid, missing, modelNotFound } = require('./errors');
const { sniffImage } = require('./image');
const { ImageStore } = require('./imageFiles');

/** Strings that steer the simulator from inside a request (the prompt, or an image URL). */
const IMAGE_TRIGGERS = {
	/** A group request (`sequential_image_generation: auto`) makes n images (capped by max_images and 15 − references). */
	images: (n) => `[sim:images=${n}]`,
	/** Image k (from 0) is blocked by the output filter; later images go on. A one-image request fails whole (400). */
	filterImage: (k) => `[sim:filter-image=${k}]`,
	/** Image k fails with InternalServiceError and no later image is made. A one-image request fails whole (500). */
	failImage: (k) => `[sim:fail-image=${k}]`,
	/** The whole request is refused: 400 OutputImageSensitiveContentDetected. */
	unsafeOutput: '[sim:unsafe-output]',
	/** The whole request is refused: 400 InputTextSensitiveContentDetected (as on the video route). */
	unsafeText: '[sim:unsafe-text]',
	/** A stream ends without its `image_generation.completed` event (only `[DONE]`). */
	noCompleted: '[sim:no-completed]',
	/** In an image URL: 400 InputImageSensitiveContentDetected.PrivacyInformation (as on the video route). */
	privacyImage: 'sim-privacy',
};
const IMAGES_AT = /\[sim:images=(\d+)\]/;
const FILTER_AT = /\[sim:filter-image=(\d+)\]/g;
const FAIL_AT = /\[sim:fail-image=(\d+)\]/;

const TIERS = ['1K', '1.5K', '2K', '3K', '4K'];
const RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3', '21:9'];
const column = (sizes) => Object.fromEntries(RATIOS.map((ratio, i) => [ratio, sizes[i].split('x').map(Number)]));

/** What each tier makes per ratio (the model picks the ratio from the prompt; 1:1 when it names none). */
const SIZE_TABLE = {
	'1K (4.0)': column(['1024x1024', '1152x864', '864x1152', '1280x720', '720x1280', '1248x832', '832x1248', '1512x648']),
	'1K': column(['1024x1024', '1152x864', '864x1152', '1424x800', '800x1424', '1248x832', '832x1248', '1568x672']),
	'1.5K': column(['1536x1536', '1792x1344', '1344x1792', '2048x1152', '1152x2048', '1872x1248', '1248x1872', '2352x1008']),
	'2K (pro/flash)': column(['2048x2048', '2368x1776', '1776x2368', '2816x1584', '1584x2816', '2496x1664', '1664x2496', '3136x1344']),
	'2K': column(['2048x2048', '2304x1728', '1728x2304', '2848x1600', '1600x2848', '2496x1664', '1664x2496', '3136x1344']),
	'3K': column(['3072x3072', '3456x2592', '2592x3456', '4096x2304', '2304x4096', '3744x2496', '2496x3744', '4704x2016']),
	'4K': column(['4096x4096', '4704x3520', '3520x4704', '5504x3040', '3040x5504', '4992x3328', '3328x4992', '6240x2656']),
};

const INPUT_FORMATS = ['jpeg', 'png', 'webp', 'bmp', 'tiff', 'gif'];
/** Of 10 MB (older docs) and 30 MB (newer docs), the simulator holds the stricter. */
const MAX_INPUT_BYTES = 10 * 1024 * 1024;
const ANY_MODEL_MAX_INPUT_BYTES = 30 * 1024 * 1024;
const MAX_INPUT_PIXELS = 36000000;
/** References and output images of one request together. */
const BUDGET = 15;
const SEED_MAX = 2147483647;

const SEEDREAM_5_4 = { aspect: 16, inputFormats: INPUT_FORMATS, inputAspect: 16, seed: false, adaptive: false };
const PRO_FLASH = {
	...SEEDREAM_5_4,
	maxRefs: 10,
	group: false,
	stream: false,
	outputFormat: true,
	tiers: { '1K': '1K', '1.5K': '1.5K', '2K': '2K (pro/flash)' },
	defaultSize: '2K',
	pixels: [921600, 4624220],
	layers: true,
	tools: false,
	reportsInputImages: true,
	echoesFormat: true,
};
const GROUPS = { ...SEEDREAM_5_4, maxRefs: 14, group: true, stream: true, defaultSize: '2K', layers: false, reportsInputImages: false, echoesFormat: false };

/** Known models, every spelling of each; any other id is accepted with only the type checks. */
const MODELS = [
	{
		...PRO_FLASH,
		name: 'Seedream 5.0 Pro',
		ids: ['doubao-seedream-5-0-pro-260628', 'dola-seedream-5-0-pro-260628', 'seedream-5-0-pro-260628'],
		promptModes: ['standard', 'fast'],
		thinking: ['auto', 'enabled', 'disabled'],
	},
	{
		...PRO_FLASH,
		name: 'Seedream 5.0 Flash',
		ids: ['doubao-seedream-5-0-flash-260915', 'dola-seedream-5-0-flash-260915', 'seedream-5-0-flash-260915'],
		promptModes: ['standard'],
		thinking: ['auto', 'enabled'],
	},
	{
		...GROUPS,
		name: 'Seedream 5.0 Lite',
		ids: ['doubao-seedream-5-0-260128', 'seedream-5-0-260128', 'doubao-seedream-5-0-lite-260128', 'seedream-5-0-lite-260128'],
		outputFormat: true,
		tiers: { '2K': '2K', '3K': '3K', '4K': '4K' },
		pixels: [3686400, 16777216],
		promptModes: ['standard'],
		tools: true,
	},
	{
		...GROUPS,
		name: 'Seedream 4.5',
		ids: ['doubao-seedream-4-5-251128', 'seedream-4-5-251128'],
		outputFormat: false,
		tiers: { '2K': '2K', '4K': '4K' },
		pixels: [3686400, 16777216],
		promptModes: ['standard'],
		tools: false,
	},
	{
		...GROUPS,
		name: 'Seedream 4.0',
		ids: ['doubao-seedream-4-0-250828', 'seedream-4-0-250828'],
		outputFormat: false,
		tiers: { '1K': '1K (4.0)', '2K': '2K', '4K': '4K' },
		pixels: [921600, 16777216],
		promptModes: ['standard', 'fast'],
		tools: false,
	},
	{
		name: 'Seedream 3.0 t2i',
		ids: ['doubao-seedream-3-0-t2i-250415', 'seedream-3-0-t2i-250415'],
		maxRefs: 0,
		group: false,
		stream: false,
		outputFormat: false,
		tiers: {},
		defaultSize: '1024x1024',
		pixels: [512 * 512, 2048 * 2048],
		aspect: null,
		seed: true,
		adaptive: false,
		promptModes: [],
		tools: false,
		layers: false,
		inputFormats: [],
		reportsInputImages: false,
	},
	{
		name: 'SeedEdit 3.0 i2i',
		ids: ['doubao-seededit-3-0-i2i-250628', 'seededit-3-0-i2i-250628'],
		maxRefs: 1,
		minRefs: 1,
		group: false,
		stream: false,
		outputFormat: false,
		tiers: {},
		defaultSize: 'adaptive',
		pixels: null,
		aspect: null,
		seed: true,
		adaptive: true,
		promptModes: [],
		tools: false,
		layers: false,
		inputFormats: ['jpeg', 'png'],
		inputAspect: 3,
		reportsInputImages: false,
	},
];

/** Every field of the documented request body (and the SDK's `optimize_prompt`, `seed`, `guidance_scale`). */
const DOCUMENTED = [
	'model',
	'prompt',
	'image',
	'size',
	'seed',
	'guidance_scale',
	'sequential_image_generation',
	'sequential_image_generation_options',
	'stream',
	'response_format',
	'watermark',
	'output_format',
	'optimize_prompt_options',
	'optimize_prompt',
	'tools',
	'layer_decomposition',
	'background',
];

function fieldsOf(spec) {
	const fields = ['model', 'prompt', 'size', 'response_format', 'watermark'];
	if (spec.maxRefs > 0) fields.push('image');
	if (spec.seed) fields.push('seed', 'guidance_scale');
	if (spec.group) fields.push('sequential_image_generation', 'sequential_image_generation_options', 'stream');
	if (spec.outputFormat) fields.push('output_format');
	if (spec.promptModes.length > 0) fields.push('optimize_prompt_options', 'optimize_prompt');
	if (spec.tools) fields.push('tools');
	if (spec.layers) fields.push('layer_decomposition', 'background');
	return fields;
}

function seedreamModel(id) {
	const key = String(id).trim().toLowerCase();
	return MODELS.find((m) => m.ids.includes(key)) || null;
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v) => typeof v === 'number' && Number.isInteger(v);
const isHttp = (url) => {
	try {
		const { protocol } = new URL(url);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
};
const withinAspect = (w, h, max) => w * max >= h && h * max >= w;

const badImage = (code, message) => new SimError(code, message, { param: 'image' });

function checkDataImage(url, where, spec) {
	const m = /^data:image\/([a-z]+);base64,([A-Za-z0-9+/]*={0,2})$/.exec(url);
	if (!m) {
		throw badImage('InvalidImageURL.InvalidFormat', `${where} is not a valid data URL: it must be data:image/<format>;base64,<data> with the format in lower case.`);
	}
	if (m[2] === '') throw badImage('InvalidImageURL.InvalidFormat', `${where} has no base64 data.`);
	const formats = spec ? spec.inputFormats : [...INPUT_FORMATS, 'heic', 'heif'];
	if (!formats.includes(m[1])) throw invalid('image', `${where} is image/${m[1]}; supported formats are ${formats.join(', ')}`);
	const bytes = Buffer.from(m[2], 'base64');
	const max = spec ? MAX_INPUT_BYTES : ANY_MODEL_MAX_INPUT_BYTES;
	if (bytes.length > max) throw invalid('image', `${where} is ${bytes.length} bytes; at most ${max / 1024 / 1024} MB per image`);
	const info = sniffImage(bytes);
	if (!info) throw badImage('InvalidImageURL.InvalidFormat', `${where} could not be decoded as an image.`);
	if (info.format !== m[1]) throw badImage('InvalidImageURL.InvalidFormat', `${where} is declared image/${m[1]} but its data is ${info.format}.`);
	const { width, height } = info;
	if (width !== undefined && height !== undefined) {
		if (Math.min(width, height) <= 14) throw invalid('image', `${where} is ${width}x${height}; each side must be greater than 14 px`);
		if (width * height > MAX_INPUT_PIXELS) throw invalid('image', `${where} is ${width}x${height}; at most 6000x6000 (36000000) pixels`);
		const aspect = spec && spec.inputAspect ? spec.inputAspect : 16;
		if (!withinAspect(width, height, aspect)) throw invalid('image', `${where} is ${width}x${height}; the width/height ratio must be within [1/${aspect}, ${aspect}]`);
	}
	return { width, height };
}

function readImages(body, spec, name) {
	if (body.image === undefined) return [];
	let list;
	if (typeof body.image === 'string') list = [body.image];
	else if (Array.isArray(body.image) && body.image.length > 0) list = body.image;
	else throw invalid('image', 'must be a string or a non-empty array of strings');
	const images = list.map((url, i) => {
		const where = Array.isArray(body.image) ? `image[${i}]` : 'image';
		if (typeof url !== 'string') throw invalid('image', `${where} must be a string`);
		if (url.trim() === '') throw badImage('InvalidImageURL.EmptyURL', `${where} is empty.`);
		if (url.startsWith('data:')) return { url, ...checkDataImage(url, where, spec) };
		if (!isHttp(url)) throw badImage('InvalidImageURL.InvalidFormat', `${where} is neither an http(s) URL nor a base64 data URL.`);
		return { url };
	});
	if (spec && images.length > spec.maxRefs) throw invalid('image', `the model ${name} takes at most ${spec.maxRefs} reference images, got ${images.length}`);
	return images;
}

function readSize(size, spec, name, body) {
	if (size === undefined) return undefined;
	if (typeof size !== 'string') throw invalid('size', 'must be a string');
	if (TIERS.includes(size)) {
		if (spec && !spec.tiers[size]) {
			const tiers = Object.keys(spec.tiers);
			throw invalid('size', `${size} is not supported by ${name}${tiers.length ? `; use ${tiers.join(', ')} or WIDTHxHEIGHT` : ''}`);
		}
		return { tier: size };
	}
	const wxh = /^(\d+)x(\d+)$/.exec(size);
	if (wxh) {
		const width = Number(wxh[1]);
		const height = Number(wxh[2]);
		if (width < 1 || height < 1) throw invalid('size', 'width and height must be at least 1');
		if (spec) {
			if (!spec.pixels) throw invalid('size', `${name} takes only size "adaptive"`);
			const [min, max] = spec.pixels;
			if (width * height < min || width * height > max) throw invalid('size', `${size} is ${width * height} pixels; ${name} takes ${min} to ${max}`);
			if (spec.aspect && !withinAspect(width, height, spec.aspect)) throw invalid('size', `${size}: the width/height ratio must be within [1/16, 16]`);
		} else if (width > 16384 || height > 16384 || width * height > MAX_INPUT_PIXELS) {
			// Not an API rule: the simulator makes real images and keeps them small enough to make.
			throw invalid('size', `${size} is larger than the simulator makes for unknown models (16384 a side, 36000000 pixels)`);
		}
		return { width, height };
	}
	if (size === 'adaptive') {
		if (spec && !spec.adaptive) throw invalid('size', `"adaptive" is only for SeedEdit 3.0, not ${name}`);
		return { adaptive: true };
	}
	if (size === 'auto') {
		if (spec && !(spec.layers && body.layer_decomposition === true)) throw invalid('size', '"auto" is only for layer decomposition');
		return { adaptive: true };
	}
	throw invalid('size', 'must be a tier (1K, 1.5K, 2K, 3K, 4K) or WIDTHxHEIGHT with a lowercase x, e.g. 2048x2048');
}

function readPromptOptions(value, spec, name) {
	if (!isObject(value)) throw invalid('optimize_prompt_options', 'must be an object');
	for (const key of Object.keys(value)) {
		if (key !== 'mode' && key !== 'thinking') throw invalid('optimize_prompt_options', `unknown field ${key}`);
	}
	if (value.mode !== undefined) {
		if (!['standard', 'fast'].includes(value.mode)) throw invalid('optimize_prompt_options.mode', 'must be standard or fast');
		if (spec && !spec.promptModes.includes(value.mode)) throw invalid('optimize_prompt_options.mode', `${value.mode} is not supported by ${name}`);
	}
	if (value.thinking !== undefined) {
		const allowed = spec ? spec.thinking || [] : ['auto', 'enabled', 'disabled'];
		if (!allowed.includes(value.thinking)) {
			throw invalid('optimize_prompt_options.thinking', allowed.length ? `must be one of ${allowed.join(', ')} for ${name}` : `is not supported by ${name}`);
		}
	}
}

/** The request rules; returns the parsed request or throws a SimError. */
function validateImagesRequest(body) {
	if (!isObject(body)) throw new SimError('InvalidParameter', 'The request body must be a JSON object.');
	if (body.model === undefined || body.model === null || body.model === '') throw missing('model');
	if (typeof body.model !== 'string') throw invalid('model', 'must be a string');
	if (body.model.startsWith('missing-')) throw modelNotFound(body.model);
	const spec = seedreamModel(body.model);
	const name = spec ? spec.name : body.model;
	const takes = spec ? fieldsOf(spec) : DOCUMENTED;
	for (const key of Object.keys(body)) {
		if (!DOCUMENTED.includes(key)) throw invalid(key, 'is not a parameter of the image generation API');
		if (!takes.includes(key)) throw invalid(key, `the model ${body.model} does not support this parameter`);
	}

	if (body.layer_decomposition !== undefined) {
		if (typeof body.layer_decomposition !== 'boolean') throw invalid('layer_decomposition', 'must be a boolean');
		if (body.layer_decomposition) throw invalid('layer_decomposition', 'layer decomposition is not simulated');
	}
	if (body.prompt === undefined || body.prompt === null) throw missing('prompt');
	if (typeof body.prompt !== 'string') throw invalid('prompt', 'must be a string');
	if (body.prompt.trim() === '') throw missing('prompt');

	const images = readImages(body, spec, name);
	if (spec && spec.minRefs && images.length < spec.minRefs) throw invalid('image', `the model ${name} needs exactly ${spec.minRefs} reference image`);
	const size = readSize(body.size, spec, name, body);

	if (body.seed !== undefined && (!isInt(body.seed) || body.seed < -1 || body.seed > SEED_MAX)) {
		throw invalid('seed', `must be an integer from -1 to ${SEED_MAX}`);
	}
	if (body.guidance_scale !== undefined && (typeof body.guidance_scale !== 'number' || body.guidance_scale < 1 || body.guidance_scale > 10)) {
		throw invalid('guidance_scale', 'must be a number from 1 to 10');
	}
	const sequential = body.sequential_image_generation;
	if (sequential !== undefined && !['auto', 'disabled'].includes(sequential)) throw invalid('sequential_image_generation', 'must be auto or disabled');
	let maxImages;
	const options = body.sequential_image_generation_options;
	if (options !== undefined) {
		if (!isObject(options)) throw invalid('sequential_image_generation_options', 'must be an object');
		for (const key of Object.keys(options)) {
			if (key !== 'max_images') throw invalid('sequential_image_generation_options', `unknown field ${key}`);
		}
		if (options.max_images !== undefined) {
			if (!isInt(options.max_images) || options.max_images < 1 || options.max_images > BUDGET) {
				throw invalid('sequential_image_generation_options.max_images', `must be an integer from 1 to ${BUDGET}`);
			}
			maxImages = options.max_images;
		}
	}
	const group = sequential === 'auto';
	// max_images is honoured only with `auto`; there it counts against the budget with the references.
	if (group && maxImages !== undefined && images.length + maxImages > BUDGET) {
		throw invalid('sequential_image_generation_options.max_images', `${images.length} reference images + max_images ${maxImages} exceed ${BUDGET}`);
	}
	if (images.length + 1 > BUDGET) throw invalid('image', `${images.length} reference images leave no room for an output image (at most ${BUDGET} together)`);

	if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream', 'must be a boolean');
	if (body.response_format !== undefined && !['url', 'b64_json'].includes(body.response_format)) throw invalid('response_format', 'must be url or b64_json');
	if (body.watermark !== undefined && typeof body.watermark !== 'boolean') throw invalid('watermark', 'must be a boolean');
	if (body.output_format !== undefined && !['png', 'jpeg'].includes(body.output_format)) throw invalid('output_format', 'must be png or jpeg');
	if (body.optimize_prompt_options !== undefined) readPromptOptions(body.optimize_prompt_options, spec, name);
	if (body.optimize_prompt !== undefined && typeof body.optimize_prompt !== 'boolean') throw invalid('optimize_prompt', 'must be a boolean');
	if (body.tools !== undefined) {
		if (!Array.isArray(body.tools) || !body.tools.every((t) => isObject(t) && t.type === 'web_search' && Object.keys(t).length === 1)) {
			throw invalid('tools', 'must be an array of {"type": "web_search"}');
		}
	}
	if (body.background !== undefined) {
		if (!['opaque', 'transparent'].includes(body.background)) throw invalid('background', 'must be opaque or transparent');
		if (body.background === 'transparent') {
			if (images.length !== 1) throw invalid('background', 'transparent needs exactly 1 reference image');
			if (body.output_format !== 'png') throw invalid('background', 'transparent needs output_format png');
		}
	}

	return {
		model: body.model,
		spec,
		prompt: body.prompt,
		images,
		size,
		group,
		maxImages,
		stream: body.stream === true,
		responseFormat: body.response_format || 'url',
		outputFormat: body.output_format || 'jpeg',
		transparent: body.background === 'transparent',
		webSearch: Array.isArray(body.tools) && body.tools.length > 0,
	};
}

// ---- what is made ------------------------------------------------------------------------------------

/** How many images a request may make (what the IPM limit reserves), and how many it makes. */
function plannedCount(params) {
	if (!params.group) return { reserve: 1, make: 1 };
	const cap = Math.min(params.maxImages ?? BUDGET, BUDGET - params.images.length);
	const asked = IMAGES_AT.exec(params.prompt);
	return { reserve: cap, make: asked ? Math.max(1, Math.min(Number(asked[1]), cap)) : cap };
}

function outputSize(params) {
	const { spec, size, prompt, images } = params;
	const ratio = (/(21:9|16:9|9:16|4:3|3:4|3:2|2:3|1:1)/.exec(prompt) || [null, '1:1'])[1];
	const fromTier = (tier) => SIZE_TABLE[spec ? spec.tiers[tier] : tier][ratio];
	if (size && size.width) return [size.width, size.height];
	if (size && size.tier) return fromTier(size.tier);
	if (size && size.adaptive) {
		const first = images[0];
		if (!first || !first.width || !first.height) return [1024, 1024];
		const scale = Math.min(1, 1536 / Math.max(first.width, first.height));
		return [Math.max(15, Math.round(first.width * scale)), Math.max(15, Math.round(first.height * scale))];
	}
	if (!spec) return [2048, 2048];
	if (spec.defaultSize === 'adaptive') return outputSize({ ...params, size: { adaptive: true } });
	if (spec.defaultSize.includes('x')) return spec.defaultSize.split('x').map(Number);
	return fromTier(spec.defaultSize);
}

// ---- the handler -------------------------------------------------------------------------------------

function checkSafety(params) {
	if (params.prompt.includes(IMAGE_TRIGGERS.unsafeText)) {
		throw new SimError('InputTextSensitiveContentDetected', 'The request failed because the input text may contain sensitive information.');
	}
	if (params.images.some((image) => image.url.includes(IMAGE_TRIGGERS.privacyImage))) {
		throw new SimError(
			'InputImageSensitiveContentDetected.PrivacyInformation',
			'The request failed because the input image may contain real person.',
			{ param: 'image' },
		);
	}
	if (params.prompt.includes(IMAGE_TRIGGERS.unsafeOutput)) throw outputBlocked();
}

const outputBlocked = () =>
	new SimError('OutputImageSensitiveContentDetected', 'The request failed because the output image may contain sensitive information.');
const internalError = () => new SimError('InternalServiceError', 'The service encountered an unexpected internal error.');

/** Per image: 'ok', 'filtered' (content filter, later images go on) or 'failed' (a server error, later images stop). */
function outcomes(params, make) {
	const filtered = new Set([...params.prompt.matchAll(FILTER_AT)].map((m) => Number(m[1])));
	const failAt = FAIL_AT.exec(params.prompt);
	const list = [];
	for (let i = 0; i < make; i++) {
		if (failAt && Number(failAt[1]) === i) {
			list.push('failed');
			break;
		}
		list.push(filtered.has(i) ? 'filtered' : 'ok');
	}
	return list;
}

const sse = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * POST /images/generations. Returns {status, body} (JSON) or {status, events} (SSE text pieces,
 * written one by one); throws a SimError. ctx: {body, stats, images: ImageStore, faults: FaultBook}.
 */
function generateImages({ body, stats, images: store, faults, now = () => Date.now() }) {
	if (typeof body === 'string') throw new SimError('InvalidParameter', 'The request body is not valid JSON.');
	const params = validateImagesRequest(body);
	checkSafety(params);
	const { reserve, make } = plannedCount(params);
	let reservation;
	try {
		reservation = faults.admitImages(reserve, now());
	} catch (e) {
		stats.rateLimited += 1;
		throw e;
	}

	const plan = outcomes(params, make);
	if (!params.group && plan[0] !== 'ok') {
		// One image asked for: a blocked or failed image fails the request itself.
		faults.settleImages(reservation, 0);
		throw plan[0] === 'filtered' ? outputBlocked() : internalError();
	}
	const [width, height] = outputSize(params);
	const model = params.model;
	const created = Math.floor(store.now() / 1000);
	const showFormat = Boolean(params.spec && params.spec.echoesFormat);
	const data = plan.map((outcome, index) => {
		if (outcome === 'filtered') return { error: { code: 'OutputImageSensitiveContentDetected', message: 'The output image may contain sensitive information.' } };
		if (outcome === 'failed') return { error: { code: 'InternalServiceError', message: 'The service encountered an unexpected internal error.' } };
		const record = store.add({
			model,
			prompt: params.prompt,
			index,
			width,
			height,
			format: params.outputFormat,
			transparent: params.transparent,
			responseFormat: params.responseFormat,
		});
		const item = params.responseFormat === 'url' ? { url: record.url } : { b64_json: record.data.toString('base64') };
		item.size = `${width}x${height}`;
		if (showFormat) item.output_format = params.outputFormat;
		return item;
	});
	const made = data.filter((item) => !item.error).length;
	faults.settleImages(reservation, made);
	stats.imagesGenerated += made;

	const tokens = Math.round((made * width * height) / 256);
	const usage = { generated_images: made, output_tokens: tokens, total_tokens: tokens };
	if (params.spec && params.spec.reportsInputImages) usage.input_images = params.images.length;
	if (params.webSearch) usage.tool_usage = { web_search: 1 };

	if (!params.stream) return { status: 200, body: { model, created, data, usage } };
	const events = data.map((item, index) =>
		item.error
			? sse('image_generation.partial_failed', { model, created, image_index: index, error: item.error })
			: sse('image_generation.partial_succeeded', { model, created, image_index: index, ...item }),
	);
	if (!params.prompt.includes(IMAGE_TRIGGERS.noCompleted)) events.push(sse('image_generation.completed', { model, created, usage }));
	events.push('data: [DONE]\n\n');
	return { status: 200, events };
}

/**
 * Writes server-sent events one piece at a time, each in its own turn of the event loop. `gap`
 * (optional) is awaited before each event after the first; when it answers false the answer stops
 * there. `upTo`: only the first n events, and the answer is left open (the caller drops the socket).
 */
async function sendEvents(res, events, requestId, { gap, upTo } = {}) {
	if (res.destroyed || res.headersSent) return;
	res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Request-Id': requestId });
	const written = upTo === undefined ? events : events.slice(0, upTo);
	for (let i = 0; i < written.length; i++) {
		if (res.destroyed) return;
		if (i > 0 && gap && !(await gap())) return;
		res.write(written[i]);
		await new Promise((resolve) => setImmediate(resolve));
	}
	if (upTo === undefined) res.end();
}

module.exports = {
	IMAGE_TRIGGERS,
	ImageStore,
	generateImages,
	sendEvents,
	validateImagesRequest,
	seedreamModel,
};
