/** `npm run bench`: measures the whole stack on this machine; see bench/main.ts and README "Performance". */
import '../bench/main';
