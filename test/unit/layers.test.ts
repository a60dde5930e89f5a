/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/**
 * The layers of layers.mjs are what lint enforces, what the folders are and what the README's code
 * map says: the map is checked against the same list, and an upward import is refused by lint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
		const lint = (filename: string, text: string) =>
			spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '-c', 'eslint.dev.config.mjs', '--no-inline-config', '--stdin', '--stdin-filename', filename], {
				cwd: root,
				input: text,
				encoding: 'utf8',
			});
		const refused = lint(`${ROOT}/shared/upward.ts`, upward);
		expect(refused.status).toBe(1);
		expect(refused.stdout).toContain('import-x/no-restricted-paths');
		const downward = lint(`${ROOT}/api/downward.ts`, upward);
		expect(downward.status).toBe(0);
	}, 60_000);
});
