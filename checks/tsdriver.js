// The TypeScript checker of a review, driven through the compiler API (one node process per review).
//
//   node tsdriver.js < request.json > answer.json
//   node --snapshot-blob tsdriver.blob --build-snapshot tsdriver.js <typescript dir>   (once)
//   node --snapshot-blob tsdriver.blob < request.json > answer.json
//
// request: {"typescript": package dir, "cache": code-cache dir or "", "files": [absolute paths],
// "lib": optional, DEFAULT_LIB below}. The files are the changed JS/TS files in a private workspace;
// only they and the lib files of our pinned typescript are ever read (the host refuses every other
// path: no tsconfig, no node_modules, no @types, no package.json). Imports are not resolved, so
// everything imported is `any` and stays quiet.
//
// answer: {"typescript": version, "snapshot": bool, "found": [...]}, each entry a diagnostic meaning
// "this API does not exist" on a type declared only in TypeScript's own lib files (Response, Date,
// Array, ...):
//   {"kind": "member", file, line, type, member, suggestion, members: [[name, isMethod], ...]}
//   {"kind": "argument", file, line, callee, key, type, suggestion, members}
//   {"kind": "arity", file, line, callee, detail, signature}
// Everything else (the project's own types, any, unions, writes of expando properties, a member a
// lib subtype has: `event.target.value`) is left out here; the Python side only words the findings.
//
// Start-up is most of the cost (9 MB of compiler, 3 MB of lib declarations to parse and bind), so
// scripts/bootstrap.sh builds a V8 start-up snapshot holding the loaded compiler and the parsed,
// bound lib files; without it the compiler loads with V8's code cache and parses the libs itself.
"use strict";

const fs = require("fs");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");
const Module = require("module");

// esnext, not a fixed year: code written for today's runtimes must not be flagged for using new APIs
// (`Object.groupBy`, `Promise.withResolvers`); so TS2550 ("change your target library") never fires.
const DEFAULT_LIB = ["lib.esnext.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"];
const MEMBER_CODES = new Set([2339, 2551, 2570]); // no such property (+ did you mean / did you forget await)
const ARGUMENT_CODES = new Set([2353, 2561]); // object literal may only specify known properties
const ARITY_CODES = new Set([2554, 2555]); // expected N arguments / at least N arguments
// lib types that programs extend at run time on purpose: a missing member there is not a hallucination
// Interfaces that hosts and tools augment by design: `import.meta.env` (Vite), `import.meta.main`
// (Deno, Bun, Node 24), `window.dataLayer`.
const EXTENSIBLE = new Set(["Window", "globalThis", "Function", "CallableFunction", "NewableFunction", "Object",
  "IArguments", "Error", "ErrorConstructor", "Global", "WorkerGlobalScope", "DedicatedWorkerGlobalScope",
  "ImportMeta"]);

function compilerOptions(ts, lib) {
  return {
    allowJs: true, checkJs: true, noEmit: true, skipLibCheck: true, skipDefaultLibCheck: true,
    types: [], typeRoots: [], lib, noResolve: true, noLib: false,
    target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    jsx: ts.JsxEmit.Preserve, strict: false, maxNodeModuleJsDepth: 0, allowArbitraryExtensions: false,
  };
}

// typescript.js with V8's code cache (the functions an earlier review compiled, kept beside our
// install); a stale or foreign cache is rejected by V8 itself and rewritten.
function loadTypescript(dir, cacheDir) {
  const file = path.join(dir, "lib", "typescript.js");
  const source = fs.readFileSync(file, "utf8");
  const stat = fs.statSync(file);
  const key = `typescript-${stat.size}-${Math.floor(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`;
  const cacheFile = cacheDir ? path.join(cacheDir, key) : "";
  let cachedData;
  if (cacheFile) {
    try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  const save = () => {
    if (!cacheFile || (cachedData && !script.cachedDataRejected)) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch { /* a read-only install just starts slower */ }
  };
  return { ts: mod.exports, save };
}

// For the snapshot: the compiler (the snapshot builder's `require` knows only node's own modules,
// which is all typescript.js needs) and every lib file reachable from `lib`, parsed and bound.
function buildSnapshot(dir, lib) {
  const file = path.resolve(dir, "lib", "typescript.js");
  const mod = { exports: {} };
  const load = new Function("exports", "require", "module", "__filename", "__dirname", fs.readFileSync(file, "utf8"));
  load(mod.exports, require, mod, file, path.dirname(file));
  const ts = mod.exports;
  const options = compilerOptions(ts, lib);
  const libs = new Map();
  const queue = [...lib];
  while (queue.length) {
    const name = queue.pop();
    const libFile = path.join(path.dirname(file), name);
    if (libs.has(libFile)) continue;
    const sf = ts.createSourceFile(libFile, fs.readFileSync(libFile, "utf8"), { languageVersion: ts.ScriptTarget.ESNext });
    ts.bindSourceFile(sf, options);
    libs.set(libFile, sf);
    for (const ref of sf.libReferenceDirectives) queue.push(`lib.${ref.fileName.toLowerCase()}.d.ts`);
  }
  const built = { dir: path.resolve(dir), lib: lib.join(","), node: process.version };
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    const request = JSON.parse(fs.readFileSync(0, "utf8"));
    const fresh = path.resolve(request.typescript) === built.dir && (request.lib || DEFAULT_LIB).join(",") === built.lib;
    if (!fresh) {
      process.stderr.write(`snapshot built for ${built.dir} (${built.lib}), not for this request\n`);
      process.exit(3);
    }
    answer(ts, request, libs, true);
  });
}

// CPU milliseconds since the process started, per phase: for bench/bench_hallucination.py
const phases = {};
function phase(name) {
  const used = process.cpuUsage();
  phases[name] = Math.round((used.user + used.system) / 1000);
}

function answer(ts, request, libs, snapshot) {
  phase("loaded");
  const found = check(ts, request.typescript, request, libs);
  phase("checked");
  process.stdout.write(JSON.stringify({ typescript: ts.version, snapshot, cpu_ms: phases, found }));
}

function main() {
  if (v8.startupSnapshot.isBuildingSnapshot()) {
    buildSnapshot(process.argv[2], process.argv[3] ? process.argv[3].split(",") : DEFAULT_LIB);
    return;
  }
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const { ts, save } = loadTypescript(request.typescript, request.cache);
  answer(ts, request, new Map(), false);
  save();
}

function check(ts, tsDir, request, libs) {
  const roots = new Set(request.files.map((f) => path.resolve(f)));
  const libDir = path.resolve(tsDir, "lib");
  const options = compilerOptions(ts, request.lib || DEFAULT_LIB);
  const host = ts.createCompilerHost(options, true);
  const allowed = (f) => roots.has(path.resolve(f)) || path.resolve(f).startsWith(libDir + path.sep);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => allowed(f) && fileExists.call(host, f);
  host.readFile = (f) => (allowed(f) ? readFile.call(host, f) : undefined);
  host.getSourceFile = (f, ...rest) => {
    if (!allowed(f)) return undefined;
    return libs.get(path.resolve(f)) || getSourceFile.call(host, f, ...rest);
  };
  host.directoryExists = (d) => path.resolve(d) === libDir;
  host.getDirectories = () => [];
  host.realpath = (f) => f;

  const program = ts.createProgram({ rootNames: [...roots], options, host });
  phase("parsed");
  const checker = program.getTypeChecker();
  phase("bound");
  const isLib = (decl) => program.isSourceFileDefaultLibrary(decl.getSourceFile());
  const hierarchy = lazyHierarchy(ts, program);
  const found = [];
  for (const sf of program.getSourceFiles()) {
    if (!roots.has(path.resolve(sf.fileName))) continue;
    for (const d of program.getSemanticDiagnostics(sf)) {
      if (d.start === undefined) continue;
      const node = nodeAt(ts, sf, d.start);
      if (!node) continue;
      const line = sf.getLineAndCharacterOfPosition(d.start).line + 1;
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      let item = null;
      if (MEMBER_CODES.has(d.code)) item = member(ts, checker, isLib, hierarchy, sf, node, d.code, text);
      else if (ARGUMENT_CODES.has(d.code)) item = argument(ts, checker, isLib, sf, node, text);
      else if (ARITY_CODES.has(d.code)) item = arity(ts, checker, isLib, sf, node, text);
      else if (d.code === 2769) item = overloaded(ts, checker, isLib, sf, node, d.messageText);
      if (item) found.push({ file: sf.fileName, line, code: d.code, ...item });
    }
  }
  return found;
}

function nodeAt(ts, sf, pos) {
  let found;
  const visit = (node) => {
    if (node.getStart(sf) <= pos && pos < node.end) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(sf, visit);
  return found;
}

// The symbol of a type if every declaration of it is in a lib file (a type we know), else null.
function libSymbol(ts, checker, isLib, type) {
  const bad = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never | ts.TypeFlags.Union |
    ts.TypeFlags.Intersection | ts.TypeFlags.TypeParameter | ts.TypeFlags.Index | ts.TypeFlags.IndexedAccess |
    ts.TypeFlags.Conditional | ts.TypeFlags.Substitution | ts.TypeFlags.Null | ts.TypeFlags.Undefined |
    ts.TypeFlags.Void;
  if (!type || type.flags & bad) return null;
  const apparent = checker.getApparentType(type);
  if (apparent.flags & bad) return null;
  const symbol = apparent.getSymbol();
  const decls = (symbol && symbol.getDeclarations()) || [];
  if (!decls.length || !decls.every(isLib) || EXTENSIBLE.has(symbol.getName())) return null;
  return { symbol, apparent };
}

// `"abc".x` is reported on `String`, `[1].x` on `number[]`, `new Date().x` on `Date`
function displayName(ts, checker, type, apparent) {
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike |
    ts.TypeFlags.BigIntLike | ts.TypeFlags.ESSymbolLike;
  return checker.typeToString(type.flags & primitive ? apparent : type);
}

function membersOf(checker, type) {
  return checker.getPropertiesOfType(type).map((p) => {
    const t = checker.getTypeOfSymbol(p);
    return [p.getName(), Boolean(t && t.getCallSignatures().length)];
  });
}

function isWrite(ts, access) {
  let node = access;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isBinaryExpression(parent) && parent.left === node &&
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if (ts.isDeleteExpression(parent)) return true;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
      (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return false;
}

// In a JS file, a receiver whose type the project itself claims is not judged: JSDoc on a
// parameter, variable, property or a function's @returns (`@param {Request} req` names Express's
// type by a bare name that resolves to the DOM's; `@param {string[]} data.tags` over objects),
// or a binding given a value of another kind later (`let output = ''; output = list()`). The claim
// carries through lib calls and callbacks: `data.tags.filter((tag) => tag.id)`,
// `output.slice(a, b).join(sep)`. What a lib call itself returns (`await fetch(url)`) is judged.
function claimedByProject(ts, checker, isLib, expr, sf, depth = 0) {
  if (!/\.[cm]?jsx?$/i.test(sf.fileName) || !expr || depth > 12) return false;
  const next = (e) => claimedByProject(ts, checker, isLib, e, sf, depth + 1);
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isAwaitExpression(expr)) return next(expr.expression);
  if (ts.isIdentifier(expr)) {
    if (reassignedInJs(ts, checker, expr, sf)) return true;
    const symbol = checker.getSymbolAtLocation(expr);
    const decl = symbol && symbol.valueDeclaration;
    if (!decl || isLib(decl)) return false;
    if ((ts.isParameter(decl) || ts.isVariableDeclaration(decl)) && ts.getJSDocType(decl)) return true;
    if (ts.isVariableDeclaration(decl) && decl.initializer) return next(decl.initializer);
    const loop = decl.parent && decl.parent.parent; // for (const tag of tags)
    if (ts.isVariableDeclaration(decl) && loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop))) {
      return next(loop.expression);
    }
    if (ts.isBindingElement(decl)) { // const { a } = obj
      const holder = decl.parent && decl.parent.parent;
      return Boolean(holder && ts.isVariableDeclaration(holder) && holder.initializer && next(holder.initializer));
    }
    if (ts.isParameter(decl)) { // a callback's parameter is typed by the call it is passed to
      const fn = decl.parent;
      const call = fn && fn.parent;
      return Boolean(call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) &&
                     next(call.expression.expression));
    }
    return false;
  }
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
    const key = ts.isPropertyAccessExpression(expr) ? expr.name : expr.argumentExpression;
    const symbol = checker.getSymbolAtLocation(key);
    const decls = (symbol && symbol.getDeclarations()) || [];
    if (decls.some((d) => !isLib(d) && (ts.isJSDocPropertyLikeTag(d) || ts.getJSDocType(d)))) return true;
    if (ts.isPropertyAccessExpression(expr) && reassignedInJs(ts, checker, expr, sf)) return true;
    return next(expr.expression);
  }
  if (ts.isCallExpression(expr)) {
    const signature = checker.getResolvedSignature(expr);
    const decl = signature && signature.getDeclaration();
    if (decl && !isLib(decl) && ts.getJSDocReturnType(decl)) return true;
    return ts.isPropertyAccessExpression(expr.expression) && next(expr.expression.expression);
  }
  return false;
}

// In JS a binding's type is inferred from its initializer (`#stream = []`); one assigned a value of
// another kind later (`this.#stream = fs.createWriteStream(...)`) is not judged by that first type.
const assignedCache = new Map();
function reassignedInJs(ts, checker, expr, sf) {
  if (!/\.[cm]?jsx?$/i.test(sf.fileName)) return false;
  const target = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
  const symbol = checker.getSymbolAtLocation(target);
  if (!symbol) return false;
  if (!assignedCache.has(sf)) {
    const assigned = new Set();
    const visit = (node) => {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = ts.isPropertyAccessExpression(node.left) ? node.left.name : node.left;
        const sym = checker.getSymbolAtLocation(left);
        if (sym) assigned.add(sym);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    assignedCache.set(sf, assigned);
  }
  return assignedCache.get(sf).has(symbol);
}

function member(ts, checker, isLib, hierarchy, sf, node, code, text) {
  let receiverType, name;
  const parent = node.parent;
  if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) {
    if (isWrite(ts, parent) || claimedByProject(ts, checker, isLib, parent.expression, sf)) return null;
    receiverType = checker.getTypeAtLocation(parent.expression);
    name = node.text;
  } else if (parent && ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent) &&
             (parent.propertyName || parent.name) === node) {
    const decl = parent.parent.parent; // const { data } = await fetch(url)
    if (!ts.isVariableDeclaration(decl) || !decl.initializer) return null;
    receiverType = checker.getTypeAtLocation(decl.initializer);
    name = node.text;
  } else {
    return null;
  }
  if (!name || name.startsWith("#")) return null;
  const known = libSymbol(ts, checker, isLib, receiverType);
  if (!known) return null;
  const typeName = known.symbol.getName();
  if (hierarchy().descendantHas(typeName, name)) return null; // `event.target.value`: a narrowing, not a hallucination
  // `element.attributes.width`, `form.elements.email`: collections with a named getter
  if (checker.getPropertyOfType(known.apparent, "getNamedItem") || checker.getPropertyOfType(known.apparent, "namedItem")) {
    return null;
  }
  let suggestion = (/Did you mean '([^']+)'\?/.exec(text) || [])[1] || null;
  const awaited = typeName === "Promise" && checker.getAwaitedType(receiverType);
  if (code === 2570 || (awaited && checker.getPropertyOfType(checker.getApparentType(awaited), name))) {
    suggestion = "await"; // `fetch(url).json()`: the member is on what the promise resolves to
  }
  return {
    kind: "member",
    type: displayName(ts, checker, receiverType, known.apparent),
    member: name,
    suggestion,
    members: membersOf(checker, known.apparent),
  };
}

function enclosingCall(ts, node) {
  for (let n = node; n; n = n.parent) {
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) return n;
    if (ts.isFunctionLike(n) || ts.isBlock(n) || ts.isSourceFile(n)) return null;
  }
  return null;
}

function libCall(ts, checker, isLib, call) {
  const signature = checker.getResolvedSignature(call);
  const decl = signature && signature.getDeclaration && signature.getDeclaration();
  if (!decl || !isLib(decl)) return null;
  return signature;
}

function calleeText(ts, sf, call) {
  const text = call.expression.getText(sf).replace(/\s+/g, "");
  return (ts.isNewExpression(call) ? "new " : "") + (text.length > 60 ? `...${text.slice(-57)}` : text);
}

function argument(ts, checker, isLib, sf, node, text) {
  const prop = node.parent;
  if (!prop || !ts.isObjectLiteralElementLike(prop) || prop.name !== node) return null;
  let literal = prop.parent;
  if (!ts.isObjectLiteralExpression(literal)) return null;
  let arg = literal;
  while (arg.parent && ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call)) || !(call.arguments || []).includes(arg)) return null;
  if (!libCall(ts, checker, isLib, call)) return null;
  const contextual = checker.getContextualType(literal);
  const known = contextual && libSymbol(ts, checker, isLib, contextual);
  if (!known) return null;
  const suggestion = (/Did you mean to write '([^']+)'\?/.exec(text) || [])[1] || null;
  return {
    kind: "argument",
    callee: calleeText(ts, sf, call),
    key: node.getText(sf).replace(/^["']|["']$/g, ""),
    type: checker.typeToString(contextual),
    suggestion,
    members: membersOf(checker, known.apparent),
  };
}

// "No overload matches this call" where every overload refuses the same unknown option
// (`new Intl.DateTimeFormat("en", {timezone: "UTC"})`): reported like a single signature's TS2353.
function overloaded(ts, checker, isLib, sf, node, messageText) {
  const overloads = (typeof messageText === "object" && messageText.next) || [];
  const excess = (chain) => (ARGUMENT_CODES.has(chain.code) ? [chain] : (chain.next || []).flatMap(excess));
  const keys = new Set();
  let text = "";
  for (const chain of overloads) {
    const found = excess(chain);
    if (!found.length) return null;
    text = found[0].messageText;
    keys.add((/'([^']+)' does not exist in type/.exec(text) || [])[1]);
  }
  const [key] = keys;
  if (keys.size !== 1 || !key) return null;
  const call = enclosingCall(ts, node);
  for (const arg of (call && call.arguments) || []) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    const prop = arg.properties.find((p) => p.name && p.name.getText(sf).replace(/^["']|["']$/g, "") === key);
    if (!prop) continue;
    const item = argument(ts, checker, isLib, sf, prop.name, text);
    return item && { ...item, line: sf.getLineAndCharacterOfPosition(prop.name.getStart(sf)).line + 1 };
  }
  return null;
}

function arity(ts, checker, isLib, sf, node, text) {
  // the error sits on the excess argument, which may itself be a call: `new Offer(code.trim())`
  // is judged as `new Offer(...)` (1 argument given), not as `code.trim()` (none given)
  const given = Number((/but got (\d+)/.exec(text) || [])[1]);
  let call = enclosingCall(ts, node);
  while (call && !Number.isNaN(given) && call.arguments && call.arguments.length !== given) {
    call = enclosingCall(ts, call.parent);
  }
  if (!call) return null;
  const signature = libCall(ts, checker, isLib, call);
  if (!signature) return null;
  const params = signature.getParameters().map((p) => p.getName());
  return {
    kind: "arity",
    callee: calleeText(ts, sf, call),
    detail: text.split("\n")[0],
    signature: `(${params.join(", ")})`,
  };
}

// Which lib interfaces extend which, and the members each declares: built on first need.
function lazyHierarchy(ts, program) {
  let built = null;
  const build = () => {
    const children = new Map();
    const parents = new Map();
    const members = new Map();
    for (const sf of program.getSourceFiles()) {
      if (!program.isSourceFileDefaultLibrary(sf)) continue;
      for (const st of sf.statements) {
        if (!ts.isInterfaceDeclaration(st) && !ts.isClassDeclaration(st)) continue;
        if (!st.name) continue;
        const name = st.name.text;
        const own = members.get(name) || new Set();
        for (const m of st.members) if (m.name && ts.isIdentifier(m.name)) own.add(m.name.text);
        members.set(name, own);
        for (const clause of st.heritageClauses || []) {
          for (const t of clause.types) {
            const base = t.expression.getText(sf);
            if (!children.has(base)) children.set(base, new Set());
            children.get(base).add(name);
            if (!parents.has(name)) parents.set(name, new Set());
            parents.get(name).add(base);
          }
        }
      }
    }
    // a member of a type, its own or from any base (HTMLElement has `style` from ElementCSSInlineStyle)
    const has = (name, member, seen = new Set()) => {
      if (seen.has(name)) return false;
      seen.add(name);
      if ((members.get(name) || new Set()).has(member)) return true;
      return [...(parents.get(name) || [])].some((base) => has(base, member, seen));
    };
    const descendantHas = (name, member) => {
      const seen = new Set();
      const stack = [...(children.get(name) || [])];
      while (stack.length) {
        const next = stack.pop();
        if (seen.has(next)) continue;
        seen.add(next);
        if (has(next, member)) return true;
        stack.push(...(children.get(next) || []));
      }
      return false;
    };
    return { descendantHas };
  };
  return () => (built = built || build());
}

main();
