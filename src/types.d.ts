/** Statically imported WebAssembly is compiled by wrangler at build time (CompiledWasm rule). */
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
