// Filled in by the build (esbuild define); tests running from source see the fallbacks.
declare const __TOOL_VERSION__: string | undefined;
declare const __BUILD_ID__: string | undefined;

export const TOOL_VERSION: string = typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.4.0-dev';
export const BUILD_ID: string = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : 'source';
