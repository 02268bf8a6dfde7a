// Tests of the search client (themes/default/static/search.js) with Node's own test runner:
//   node --test tests/js/
// The fixture (fixtures/search/) is a sharded index written by src/search.rs; a Rust test keeps it
// equal to what the Rust code writes. Expected shard numbers and fetches are the Rust tests' own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
vm.runInThisContext(readFileSync(join(here, '../../themes/default/static/search.js'), 'utf8'));
const S = globalThis.prongsaiSearch;

// A loader over the fixture, as the browser's (bytes read, parsed JSON) or null when absent.
const fixture = join(here, 'fixtures/search');
const load = (name) => {
  const file = join(fixture, name);
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  return { bytes: bytes.length, data: JSON.parse(bytes.toString('utf8')) };
};
const urls = async (q, loader = load) => (await S.search(q, loader)).hits.map((p) => p.url);

test('folding is the same as in Rust', () => {
  // The cases of `folding` in src/search.rs.
  assert.equal(S.fold('ปีงบประมาณ ๒๕๖๕'), 'ปีงบประมาณ 2565');
  assert.equal(S.fold('๐๑๒๓๔๕๖๗๘๙'), '0123456789');
  assert.equal(S.fold('ประจ\u0e4d\u0e32ปี'), 'ประจำปี');
  assert.equal(S.fold('น\u0e4d\u0e49\u0e32'), 'น\u0e49\u0e33');
  assert.equal(S.fold('น้ำ'), 'น้ำ');
  assert.equal(S.fold('เเผน'), 'แผน');
  assert.equal(S.fold('Open DATA École ÀÉÎ İ'), 'open data école àéî İ');
  assert.equal(S.fold('  การ \n\t ใช้\u00a0\u3000จ่าย  '), 'การ ใช้ จ่าย');
  assert.equal(S.fold('การ\u200bใช้จ่าย\u00ad'), 'การใช้จ่าย');
  assert.equal(S.fold('ΑΒΓ'), 'ΑΒΓ');
  assert.equal(S.fold(''), '');
});

test('the folding map points into the original text', () => {
  const { text, map } = S.foldMap(' ก  ประจ\u0e4d\u0e32 ๑', true);
  assert.equal(text, 'ก ประจำ 1');
  assert.deepEqual(map, [1, 2, 4, 5, 6, 7, 8, 10, 11]);
});

test('bigrams go to the same shards as in Rust', () => {
  // SHARDS in src/search.rs.
  const shards = [['กา', 64, 3], ['าร', 64, 34], ['ป.', 64, 1], ['ห้', 1024, 443], ['da', 1024, 892], ['25', 4096, 825], ['ำป', 7, 0]];
  for (const [g, n, s] of shards) assert.equal(S.shardOf(g, n), s, `${g} among ${n}`);
  assert.equal(S.shardOf('กา', 1), 0);
});

test('a query looks up the same bigrams as in Rust', () => {
  assert.deepEqual(S.queryBigrams('ป.ป.ช.'), ['ป.', '.ป', '.ช', 'ช.']);
  assert.deepEqual(S.queryBigrams('ก'), []);
  const picked = S.queryBigrams(S.fold('รายงานผลการดำเนินงานประจำปีงบประมาณ'));
  assert.equal(picked.length, 8);
  assert.equal(picked[0], 'รา');
  assert.equal(picked[7], 'าณ');
});

test('posting lists: gaps and bitmaps', () => {
  assert.deepEqual(S.ids([3, 1, 7]), [3, 4, 11]);
  assert.deepEqual(S.ids('//8P'), Array.from({ length: 20 }, (_, i) => i));
  assert.deepEqual(S.ids(undefined), []);
});

test('the sharded index finds words in Thai runs and nothing else', async () => {
  // The cases of `sharded_search_finds_what_the_client_finds` in src/search.rs.
  assert.deepEqual(await urls('การใช้จ่าย'), ['a/']);
  assert.deepEqual(await urls('ประจำปี'), ['b/']);
  assert.deepEqual(await urls('ประจ\u0e4d\u0e32ปี'), ['b/']);
  assert.deepEqual(await urls('หอประชุม'), ['d/']);
  assert.deepEqual(await urls('ห้องประชุม'), ['c/']);
  const ppc = await S.search('ป.ป.ช.', load);
  assert.deepEqual(ppc.hits.map((p) => p.url), ['e/', 'h/']);
  assert.ok(ppc.candidates > ppc.hits.length, 'f/ holds every bigram of ป.ป.ช. but not the word');
  assert.deepEqual(await urls('๒๕๖๕'), ['b/', 'd/']);
  assert.deepEqual(await urls('2565'), ['b/', 'd/']);
  assert.deepEqual(await urls('open data'), ['g/']);
  assert.deepEqual(await urls('INTEGRITY'), ['g/']);
  assert.deepEqual(await urls('ไม่มีคำนี้'), []);
  const short = await S.search(' ก ', load);
  assert.ok(short.short);
  assert.deepEqual(short.fetched, []);
});

test('the client fetches what the Rust search fetches', async () => {
  // FETCHES in src/search.rs.
  const expected = {
    'หอประชุม': 'index.json 0, meta.json 44, b/0.json 258, b/4.json 264, b/1.json 294, b/2.json 306, b/5.json 256, t/1.json 312',
    'ป.ป.ช.': 'index.json 0, meta.json 44, b/1.json 294, b/3.json 294, b/5.json 256, t/2.json 228, t/3.json 192',
    '๒๕๖๕': 'index.json 0, meta.json 44, b/1.json 294, b/7.json 181, b/4.json 264, t/0.json 288, t/1.json 312',
    'open data': 'index.json 0, meta.json 44, b/6.json 289, b/1.json 294, b/5.json 256, b/4.json 264, b/3.json 294, b/2.json 306, t/3.json 192',
  };
  for (const [q, files] of Object.entries(expected)) {
    const st = await S.search(q, load);
    assert.equal(st.fetched.map(([n, b]) => `${n} ${b}`).join(', '), files, q);
  }
});

test('a single index.json is searched whole', async () => {
  const pages = [
    { title: 'รายงาน', url: 'a/', text: 'รายงานผลการใช้จ่ายงบประมาณ' },
    { title: 'ห้อง', url: 'b/', text: 'ห้องประชุม ชั้น ๒' },
    { title: 'สำนักงาน ป.ป.ช.', url: 'c/', text: 'ติดต่อ' },
  ];
  const single = (name) => (name === 'index.json' ? { bytes: 1, data: { version: 1, pages } } : null);
  assert.deepEqual(await urls('การใช้จ่าย', single), ['a/']);
  assert.deepEqual(await urls('หอประชุม', single), []);
  assert.deepEqual(await urls('ป.ป.ช.', single), ['c/']);
  assert.deepEqual(await urls('2', single), []);
  assert.deepEqual(await urls('ชั้น 2', single), ['b/']);
  const other = (name) => (name === 'index.json' ? { bytes: 1, data: { version: 2, pages } } : null);
  assert.ok((await S.search('ห้อง', other)).error, 'another format version is refused');
  assert.ok((await S.search('ห้อง', () => null)).error, 'no index at all');
});

test('the client stops at its text budget and goes on when asked', async () => {
  // 20 pages of one chunk each, every one a candidate, each chunk 200 KB on the wire.
  const files = {
    'meta.json': { version: 1, pages: 20, shards: 1, chunk: 1 },
    'b/0.json': { 'ab': [0, ...Array(19).fill(1)] },
  };
  for (let i = 0; i < 20; i++) files[`t/${i}.json`] = [{ title: `${i}`, url: `${i}/`, text: i % 2 ? 'ab' : 'a b' }];
  const fake = (name) => (files[name] ? { bytes: name.startsWith('t/') ? 200 * 1024 : 10, data: files[name] } : null);
  const st = await S.search('AB', fake);
  assert.equal(st.candidates, 20);
  assert.equal(st.checked, 4, 'one batch of four chunks passes 512 KB');
  assert.deepEqual(st.hits.map((p) => p.url), ['1/', '3/']);
  await S.more(st);
  assert.equal(st.checked, 8);
  assert.equal(st.hits.length, 4);
});

test('whole words rank first, then more hits, then title hits', () => {
  const pages = [
    { title: 'ก', url: 'cartoon/', text: 'ดูการ์ตูน การ์ตูนไทย การ์ตูนญี่ปุ่น' },
    { title: 'ข', url: 'result/', text: 'ผลการดำเนินงาน' },
    { title: 'ค', url: 'twice/', text: 'ผลการดำเนินงาน และการประชุม' },
    { title: 'การเงิน', url: 'title/', text: 'ผลการดำเนินงาน' },
    { title: 'ง', url: 'thrice/', text: 'ผลการดำเนินงาน การประชุม การเงิน' },
  ];
  // cartoon/ has the most hits, none a whole word; title/ and twice/ have two each.
  assert.deepEqual(S.rank(pages, 'การ').map((r) => r.page.url), ['thrice/', 'title/', 'twice/', 'result/', 'cartoon/']);
  const latin = [
    { title: 'a', url: 'db/', text: 'our database database' },
    { title: 'b', url: 'open/', text: 'open data' },
  ];
  assert.deepEqual(S.rank(latin, 'data').map((r) => r.page.url), ['open/', 'db/']);
  const abbr = S.rank([{ title: '', url: 'x/', text: 'สำนักงาน ป.ป.ช. จังหวัด' }], 'ป.ป.ช.');
  assert.ok(abbr[0].whole);
  // A word in the middle of a run is whole when the segmenter says so.
  assert.ok(S.isWhole('รายงานผลการใช้จ่ายงบประมาณ', 8, 18));
  assert.ok(!S.isWhole('ดูการ์ตูน', 2, 5));
});

test('the snippet marks the hit in the text as written', () => {
  const text = 'รายงานประจ\u0e4d\u0e32ปี พ.ศ. ๒๕๖๕ ของสำนักงาน';
  const f = S.fold(text);
  assert.deepEqual(S.snippet(text, f.indexOf('2565'), '2565'), ['รายงานประจ\u0e4d\u0e32ปี พ.ศ. ', '๒๕๖๕', ' ของสำนักงาน']);
  assert.deepEqual(S.snippet(text, f.indexOf('ประจำปี'), 'ประจำปี'), ['รายงาน', 'ประจ\u0e4d\u0e32ปี', ' พ.ศ. ๒๕๖๕ ของสำนักงาน']);
  const long = 'ก'.repeat(100) + 'คำค้น' + 'ข'.repeat(200);
  const [before, hit, after] = S.snippet(long, 100, 'คำค้น');
  assert.equal(hit, 'คำค้น');
  assert.ok(before.startsWith('…') && after.endsWith('…'));
  assert.deepEqual(S.snippet('ไม่มีในเนื้อหา', -1, 'x'), ['', '', 'ไม่มีในเนื้อหา'], 'a hit in the title only');
  // Cut at spaces, never before a following vowel.
  const words = 'หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด เก้า สิบ ประจำปี ' + 'ก'.repeat(40) + ' คำค้น ' + 'ข'.repeat(95) + ' ท้าย ปลาย';
  const [b2, , a2] = S.snippet(words, S.fold(words).indexOf('คำค้น'), 'คำค้น');
  assert.equal(b2, '…เก้า สิบ ประจำปี ' + 'ก'.repeat(40) + ' ');
  assert.equal(a2, ' ' + 'ข'.repeat(95) + '…');
  const run = 'ประจำ'.repeat(30) + 'คำค้น';
  assert.ok(!S.snippet(run, S.fold(run).indexOf('คำค้น'), 'คำค้น')[0].startsWith('…ำ'));
});

test('a result never links to a scheme other than http(s)', () => {
  assert.equal(S.href('javascript:alert(7)//x/', '../'), '../javascript%3Aalert(7)//x/');
  assert.equal(S.href(' JavaScript:alert(7)', './'), './JavaScript%3Aalert(7)');
  assert.equal(S.href('data:text/html,x', './'), './data%3Atext/html,x');
  assert.equal(S.href('https://example.go.th/a/', '../'), 'https://example.go.th/a/');
  assert.equal(S.href('/ita/a/', '../'), '/ita/a/');
  assert.equal(S.href('//evil.example/', '../'), '..///evil.example/');
  assert.equal(S.href('2565/%E0%B8%82/', '../'), '../2565/%E0%B8%82/');
});
