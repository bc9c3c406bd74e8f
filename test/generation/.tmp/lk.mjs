import lockfile from 'proper-lockfile';
import fs from 'fs'; import os from 'os'; import path from 'path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-'));
const f = path.join(dir,'x'); const N=30;
let t=performance.now(); let tl=0, tu=0;
for(let i=0;i<N;i++){ const a=performance.now(); const un=await lockfile.lock(f,{realpath:false, stale:10000}); const b=performance.now(); await un(); tu+=performance.now()-b; tl+=b-a;}
console.log('lock', tl/N, 'unlock', tu/N);
t=performance.now(); for(let i=0;i<N;i++){ const h=await fs.promises.open(path.join(dir,'t'+i),'w'); await h.writeFile('abc'); await h.sync(); await h.close(); } console.log('fsync write', (performance.now()-t)/N);
t=performance.now(); for(let i=0;i<N;i++){ await fs.promises.mkdir(path.join(dir,'d'+i)); await fs.promises.rmdir(path.join(dir,'d'+i)); } console.log('mkdir/rmdir', (performance.now()-t)/N);
