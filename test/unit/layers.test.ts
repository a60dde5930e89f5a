/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The layers of layers.mjs are what lint enforces, what the folders are and what the README's code
 * map says: the map is checked against the same list, and an upward import is refused by lint.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const { LAYERS, ROOT } = JSON.parse(
	execFileSync(process.execPath, ['--input-type=module', '-e', "import('./layers.mjs').then((m) => console.log(JSON.stringify(m)))"], { cwd: root, encoding: 'utf8' }),
) as { LAYERS: Array<{ folder: string; says: string }>; ROOT: string };

/** The README's code map, as layers.mjs would write it. */
export function codeMap(): string {
	return LAYERS.map(({ folder, says }) => `  - \`${folder}/\`: ${says}.`).join('\n');
}

describe('the layers', () => {
	it('are the folders of the node, all of them', () => {
		const folders = readdirSync(join(root, ROOT), { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name)
			.sort();
		expect(LAYERS.map((layer) => layer.folder).sort()).toEqual(folders);
	});

	it("are the README's code map, in order", () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const map = /<!-- code map: layers\.mjs -->\n([\s\S]*?)\n\s*<!-- \/code map -->/.exec(readme)?.[1];
		expect(map).toBe(codeMap());
	});

	it('are enforced: lint refuses an import from a layer above', () => {
		const upward = "import { DEFAULT_RETRIES } from '../http/connection';\n\nexport const retries = DEFAULT_RETRIES;\n";
		// One ESLint, with the repository's own config, lints the same import in a layer below http/ and in one above it.
		const script = `
			const { ESLint } = require('eslint');
			const eslint = new ESLint({ overrideConfigFile: 'eslint.dev.config.mjs', allowInlineConfig: false });
			const text = ${JSON.stringify(upward)};
			Promise.all(['${ROOT}/shared/upward.ts', '${ROOT}/api/downward.ts'].map((filePath) => eslint.lintText(text, { filePath })))
				.then((results) => console.log(JSON.stringify(results.map(([r]) => r.messages.map((m) => m.ruleId)))));`;
		const [below, above] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as string[][];
		expect(below).toEqual(['import-x/no-restricted-paths']);
		expect(above).toEqual([]);
	}, 60_000);
});
