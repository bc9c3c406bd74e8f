import { writeFileAtomic, appendJsonl, withFileLock } from '/work/main/dist/artifacts/index.js';
import fs from 'fs'; import os from 'os'; import path from 'path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'io-'));
const N=50;
let t=performance.now(); for(let i=0;i<N;i++) await writeFileAtomic(path.join(dir,'a'+i+'.json'), 'x'.repeat(5000)); console.log('writeFileAtomic', (performance.now()-t)/N);
t=performance.now(); for(let i=0;i<N;i++) await appendJsonl(path.join(dir,'r.jsonl'), {a:i}); console.log('appendJsonl', (performance.now()-t)/N);
t=performance.now(); for(let i=0;i<N;i++) await withFileLock(path.join(dir,'m.csv'), async()=>{}); console.log('withFileLock', (performance.now()-t)/N);
t=performance.now(); for(let i=0;i<N;i++) { const fd=fs.openSync(path.join(dir,'o'+i),'a'); fs.writeSync(fd,'x\n'); fs.closeSync(fd);} console.log('open/close', (performance.now()-t)/N);
