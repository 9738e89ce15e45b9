import { N } from './group.js';

/**
 * A = g^a mod N for the 1024-bit a every sign-in draws (the helper's 128 random bytes), in about half the
 * squarings: a is cut into four 256-bit quarters, a = a0 + a1·2^256 + a2·2^512 + a3·2^768, and
 * g^a = g^a0 · G1^a1 · G2^a2 · G3^a3 with G_j = g^(2^(256·j)) mod N precomputed below, all four walked bit by
 * bit together (Straus–Shamir): 256 squarings and at most one multiplication per bit instead of 1024 squarings.
 * The constants are plain consequences of N and g (checked by test against modPow); a is not constrained.
 */
const G: readonly bigint[] = [
  BigInt(
    '0x' +
      'c8be99f3d54d5ad0bd02283135f14fc354362d7b6f62bd2b0cbdb784def4b49b984691eedfb837e67fd1a1217b2bac44' +
      '566329bafc322074a7d1e447c90b393256f879f75cdc0fd99824d80593a1c08b4745fbdbd72c947f92927d0668bdcdd9' +
      '34284f0465c484ce638a724e02731827fc1453d3305f4b1a4697127a2f4babedcbbb9583663ac4da699eb3951e9f85f9' +
      '43362374f229e189eb3802c66268e516f0d842f9fb19659eadf08f3e67fb4f0464b07e310f561aa177a773caf657408a' +
      'ba80e90d9dc520ebb3ed104ab7a72650b373c6d96a80093b3ccd1d2f02e343de0b37c7f242d2b300a82e5f662eefb242' +
      '8c038cc88751e2cd3a80e4e7a0e5157d9314215b1b2bcc95ffa475dd2d857fc13514011ed25a1082e03f5932534a83d3' +
      '47f9931fc823c8b9296ba9427bbc241f092117f226b9cdb7e5bb5775c6da162e646d4bc1540713d76c91ae7217890c7d' +
      'f67638ae648151dbb696af70168441d75ae68bc3da5a4f1806c8c9352f11ceb4f8161dfe9394f8995f13516a40c6f15f',
  ),
  BigInt(
    '0x' +
      'cedba5e798c6df14275244ff17332131382f10b3921b2f83e1df46efd383b408cda7a6d4c61b47d27d037a94106d752c' +
      '2e4ed1caa8c782d24b0e5b025fced3dae6a711139562358910e6752d1bdb97bae370917174ed455dc232d6a6803323ed' +
      'fd706c995918ae9a20521f1c0e5c5352e7ab5587305e981f000fd1e16b65d9660c4ed419333601e9bf98604a84e4a63e' +
      '2f24922dbe454402d18edfec7be64e7e84839563c1b8ddb46b47d5e83796a71a36eddc598797889fdd3a5e356d95082b' +
      'dec3bd28ffd44ace2238f73acd5ab9f4138f558c0e040631779f00b68c17e030b60f174340480092358e0ff64e91d8bd' +
      '37f45b155e6a721b69752c2504a951f22436f47f593027c5c14ee2bb4a5b2af36e441000b44a9cc9779b0d3e14f9591c' +
      'd3b0a333f75681e35d9a5786b0cb8aee1121393f06ab24e1bef679ac27bd927b1ccc63b29578ee29995e23450b042e0f' +
      'ddb655c0e659bf199158198669ed794c3df8a248ece01371d3f16b443d37848b268bba3b7434e53f0fc13a7c4114aa1a',
  ),
  BigInt(
    '0x' +
      '44fc639b3dee08f5c3425e4d4f76ddf69554bac287f0a21be24873ced6dee8cea1918df7b1eaede1e780af945c8afa70' +
      'eafd08e50dc3a7e9c3e6872237778bf66a28f7daaf3ae0dedb616aa03d25292de521a67de11a2bb83e782c62d0428228' +
      '7652c87b06d22186effa67b9d63f897225771f88cc7f2d278bbdede2a71ec9dc92ec9e885006c6c74b20fc8075b1f1c8' +
      '137a53a178adb7748f6535c80f83128cfe53f72b8e0bc3e3d4e225d90be07c2a7daec97733575e9a65db2efad7531b4d' +
      'c9bc7c807afa3f8d881f59118e07f35606cdd729a7d53524bbef39f57a4b21f8be4c45adfd70f0bf859f50d97c634ca5' +
      'e88b0edcaee04f07b6d0863ca7d90003071a38cd9304f3d9ce54467fc7ec12c804c5bded625533aac4345ac015134570' +
      'a4a511023ec4cbef9369d2544fbbf8c931fbf02182695cee7a983485c1c01c83d179d5408ba6f83c2d0199694d060dc4' +
      '3ea4ba98391c555f86a083bdac3ab0afaf72011f7772fe9779d3b4745fe3c7f42e62f2183d80b42e4f53ba025f3ead05',
  ),
];
const QUARTER = 256n;
const MASK = (1n << QUARTER) - 1n;

/** Products of the G_j for every non-empty subset of {1, 2, 3}: index bit j-1 set ⇔ G_j included. */
const products: bigint[] = [1n];
for (let subset = 1; subset < 8; subset += 1) {
  const low = subset & -subset;
  products.push(((products[subset ^ low] as bigint) * (G[Math.log2(low)] as bigint)) % N);
}

/** g^e mod N for 0 ≤ e < 2^1024; undefined for a larger e (the caller then uses modPow). */
export function fixedBasePow(e: bigint): bigint | undefined {
  if (e < 0n || e >> (4n * QUARTER) !== 0n) return undefined;
  const q = [e & MASK, (e >> QUARTER) & MASK, (e >> (2n * QUARTER)) & MASK, e >> (3n * QUARTER)].map((v) => v.toString(2).padStart(256, '0'));
  const [q0, q1, q2, q3] = q as [string, string, string, string];
  let r = 1n;
  for (let i = 0; i < 256; i += 1) {
    r = (r * r) % N;
    const subset = (q1.charCodeAt(i) - 48) | ((q2.charCodeAt(i) - 48) << 1) | ((q3.charCodeAt(i) - 48) << 2);
    if (subset !== 0) r = (r * (products[subset] as bigint)) % N;
    // The quarter that multiplies g itself: g = 2, so a shift and at most one subtraction.
    if (q0.charCodeAt(i) === 49) {
      r <<= 1n;
      if (r >= N) r -= N;
    }
  }
  return r;
}
