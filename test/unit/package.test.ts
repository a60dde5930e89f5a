/* eslint-disable -- test code, never shipped: n8n's rules do not apply; eslint.dev.config.mjs lints it (npm run lint) */
/** What `npm pack` ships: the compiled node and credential with their icons, nothing else. Needs `npm run build`. */
import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '../..');
const pkg = require('../../package.json');

describe('the npm package', () => {
	it('is a community node package with no runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-seedance');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.license).toBe('MIT');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: ['dist/credentials/SeedanceApi.credentials.js'],
			nodes: ['dist/nodes/Seedance/Seedance.node.js'],
		});
	});

	it('packs the compiled node, credential, both icons and the codex, and no sources or tests', () => {
		if (!existsSync(join(root, 'dist/nodes/Seedance/Seedance.node.js'))) throw new Error('Run `npm run build` first.');
		const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
		const files: string[] = report.files.map((f: { path: string }) => f.path);
		for (const path of [
			'dist/nodes/Seedance/Seedance.node.js',
			'dist/nodes/Seedance/Seedance.node.json',
			'dist/nodes/Seedance/seedance.svg',
			'dist/nodes/Seedance/seedance.dark.svg',
			'dist/credentials/SeedanceApi.credentials.js',
			'package.json',
			'README.md',
			'LICENSE',
		]) {
			expect(files).toContain(path);
		}
		expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
		expect(files.filter((f) => f.startsWith('test/') || f.includes('/test/') || f.startsWith('scripts/'))).toEqual([]);
		for (const path of pkg.n8n.nodes.concat(pkg.n8n.credentials)) expect(files).toContain(path);
	});

	it('every file n8n loads exists after the build and loads', () => {
		const { Seedance } = require(join(root, 'dist/nodes/Seedance/Seedance.node.js'));
		const { SeedanceApi } = require(join(root, 'dist/credentials/SeedanceApi.credentials.js'));
		expect(new Seedance().description.name).toBe('seedance');
		expect(new SeedanceApi().name).toBe('seedanceApi');
	});
});
