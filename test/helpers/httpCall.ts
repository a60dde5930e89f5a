/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** A plain HTTP client for the simulator's own tests: one request, no keep-alive. */
import * as http from 'http';

export interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	text: string;
	json: any;
	/** The body as it arrived, piece by piece. */
	chunks: Buffer[];
}

export interface CallOptions {
	body?: unknown;
	/** The API key sent as a Bearer token; null sends none. */
	key?: string | null;
	headers?: Record<string, string>;
	timeoutMs?: number;
}

/** One HTTP request without keep-alive; rejects on a dropped connection. `defaultKey` is sent unless `key` says otherwise. */
export function httpCall(defaultKey: string, method: string, url: string, opts: CallOptions = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { ...opts.headers };
		const key = opts.key === undefined ? defaultKey : opts.key;
		if (key !== null) headers.Authorization = `Bearer ${key}`;
		let payload: string | undefined;
		if (opts.body !== undefined) {
			payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
			headers['Content-Type'] = 'application/json';
			headers['Content-Length'] = String(Buffer.byteLength(payload));
		}
		const req = http.request(url, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const text = raw.toString('utf8');
				let json: any;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text, json, chunks });
			});
		});
		if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('client timeout')));
		req.on('error', reject);
		req.end(payload);
	});
}
