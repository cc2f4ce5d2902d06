import * as Y from 'yjs';
const poc = Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex');
let t=performance.now();
try { console.log(Y.decodeUpdate(poc)); } catch(e) { console.log('decode err', e.message) }
console.log('decode ms', performance.now()-t);
t=performance.now();
try { Y.applyUpdate(new Y.Doc(), poc); console.log('applied') } catch(e) { console.log('apply err', e.message) }
console.log('apply ms', performance.now()-t);
// 100k updates load
const d = new Y.Doc(); const ups=[]; d.on('update', u=>ups.push(u));
const t1 = d.getXmlFragment('section:a'); const txt = new Y.XmlText(); t1.insert(0,[txt]);
for (let i=0;i<100000;i++) txt.insert(txt.length, 'x');
console.log('updates', ups.length);
t=performance.now();
const d2 = new Y.Doc(); d2.transact(()=>{ for (const u of ups) Y.applyUpdate(d2,u) });
console.log('load 100k ms', performance.now()-t, d2.getXmlFragment('section:a').toString().length);
t=performance.now();
const m = Y.mergeUpdates(ups); const d3=new Y.Doc(); Y.applyUpdate(d3,m);
console.log('merge+apply ms', performance.now()-t);
t=performance.now(); const snap=Y.encodeStateAsUpdate(d2); console.log('encode ms', performance.now()-t, snap.length);
t=performance.now(); const d4=new Y.Doc(); Y.applyUpdate(d4,snap); console.log('apply snapshot ms', performance.now()-t);
