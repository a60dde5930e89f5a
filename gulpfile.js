const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the code; n8n also needs the icons (and codex JSON) next to the compiled files.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest(path.resolve('dist')),
	),
);
