/* Ed25519 verification (rootfs-builder/ed25519.c): the test vectors of
 * RFC 8032 7.1 (TEST 1, 2, 3, 1024, SHA(abc)), each also with every bit
 * of R, S and A flipped in turn, and the encodings RFC 8032 5.1.3 and
 * 5.1.7 refuse (S >= L, y >= p, x = 0 with the sign bit, off the curve)
 * built from signatures that would verify without those checks. */
#include <string.h>

#include <bearssl.h>

#include "ed25519.h"
#include "libbb.h"
#include "tap.h"

/* RFC 8032 7.1: public key, message, signature (hex); SHA(abc)'s message
 * is SHA-512("abc"), filled in by main. */
static const struct {
	const char *name, *pub, *msg, *sig;
} vec[] = {
	{ "TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
		"e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
		"5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
		"92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
		"085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "TEST 3", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
		"6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
		"18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ "TEST 1024", "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
		"08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98"
		"fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8"
		"79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
		"658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc"
		"1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe"
		"ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
		"06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef"
		"efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7"
		"aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
		"85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2"
		"d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
		"554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
		"88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc"
		"2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07"
		"07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
		"b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a"
		"ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e"
		"c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
		"51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c"
		"42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8"
		"ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
		"f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
		"d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649"
		"de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
		"88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3"
		"2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e"
		"6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
		"b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5"
		"0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1"
		"369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
		"b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c"
		"0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
		"0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
		"aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ "TEST SHA(abc)", "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", NULL,
		"dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
		"09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

/* L, the group order, little-endian */
static const uint8_t order[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
};

static size_t unhex(uint8_t *out, const char *h)
{
	size_t n = 0;
	unsigned v;

	for (; h[0] && h[1]; h += 2) {
		sscanf(h, "%2x", &v);
		out[n++] = v;
	}
	return n;
}

/* s += L (little-endian, 32 octets; s < L so no carry leaves) */
static void add_order(uint8_t *s)
{
	unsigned c = 0;
	int i;

	for (i = 0; i < 32; i++) {
		c += s[i] + order[i];
		s[i] = c;
		c >>= 8;
	}
}

/* The count of single-bit flips of buf (n octets) after which the
 * signature still verifies: 0 expected. */
static int flips(uint8_t *buf, size_t n, const uint8_t *sig, const uint8_t *pub,
		const uint8_t *msg, size_t len)
{
	size_t bit;
	int bad = 0;

	for (bit = 0; bit < 8 * n; bit++) {
		buf[bit / 8] ^= 1 << (bit % 8);
		bad += ed25519_verify(sig, pub, msg, len) == 0;
		buf[bit / 8] ^= 1 << (bit % 8);
	}
	return bad;
}

static void test_vectors(void)
{
	uint8_t pub[32], sig[64], msg[1024] = { 0 }, abc[64];
	br_sha512_context h;
	size_t i, len;

	br_sha512_init(&h);
	br_sha512_update(&h, "abc", 3);
	br_sha512_out(&h, abc);
	for (i = 0; i < ARRAY_SIZE(vec); i++) {
		unhex(pub, vec[i].pub);
		unhex(sig, vec[i].sig);
		if (vec[i].msg) {
			len = unhex(msg, vec[i].msg);
		} else {
			memcpy(msg, abc, sizeof(abc));
			len = sizeof(abc);
		}
		ok(ed25519_pub_ok(pub), "%s: A decodes", vec[i].name);
		is_int(ed25519_verify(sig, pub, msg, len), 0, "%s: verifies (%zu octets)",
				vec[i].name, len);
		is_int(flips(sig, 32, sig, pub, msg, len), 0, "%s: every bit of R flipped: refused",
				vec[i].name);
		is_int(flips(sig + 32, 32, sig, pub, msg, len), 0,
				"%s: every bit of S flipped: refused", vec[i].name);
		is_int(flips(pub, 32, sig, pub, msg, len), 0, "%s: every bit of A flipped: refused",
				vec[i].name);
		if (len) {
			msg[len - 1] ^= 0x80;
			is_int(ed25519_verify(sig, pub, msg, len), -1, "%s: message changed",
					vec[i].name);
			msg[len - 1] ^= 0x80;
		}
		is_int(ed25519_verify(sig, pub, msg, len + 1), -1, "%s: one octet more", vec[i].name);
		/* [S + L]B = [S]B: only the S < L check refuses this */
		add_order(sig + 32);
		is_int(ed25519_verify(sig, pub, msg, len), -1, "%s: S + L refused", vec[i].name);
	}
}

/* The identity point: y = 1, x = 0. With A = R = identity and S = 0
 * every message verifies ([0]B = O + [h]O), so a refusal below can only
 * come from the encoding checks. */
static void test_encodings(void)
{
	uint8_t one[32] = { 1 }, sig[64] = { 1 }, a[32], p[32];
	static const uint8_t msg[] = "edge";

	is_int(ed25519_verify(sig, one, msg, 4), 0, "identity A and R, S = 0: verifies");
	/* y = 1 + p: 2^255 - 18, non-canonical */
	memset(a, 0xff, 32);
	a[0] = 0xee;
	a[31] = 0x7f;
	ok(!ed25519_pub_ok(a), "A with y = p + 1: refused by pub_ok");
	is_int(ed25519_verify(sig, a, msg, 4), -1, "A with y = p + 1: refused");
	memcpy(sig, a, 32);
	is_int(ed25519_verify(sig, one, msg, 4), -1, "R with y = p + 1: refused");
	memcpy(sig, one, 32);
	/* x = 0 with the sign bit set ("negative zero") */
	memcpy(a, one, 32);
	a[31] |= 0x80;
	ok(!ed25519_pub_ok(a), "A = -0: refused by pub_ok");
	is_int(ed25519_verify(sig, a, msg, 4), -1, "A = -0: refused");
	/* y = p itself, and y = 2: not canonical, not on the curve */
	memset(p, 0xff, 32);
	p[0] = 0xed;
	p[31] = 0x7f;
	ok(!ed25519_pub_ok(p), "y = p: refused");
	memset(a, 0, 32);
	a[0] = 2;
	ok(!ed25519_pub_ok(a), "y = 2: not on the curve");
	is_int(ed25519_verify(sig, a, msg, 4), -1, "A off the curve: refused");
	memcpy(sig, a, 32);
	is_int(ed25519_verify(sig, one, msg, 4), -1, "R off the curve: refused");
	/* S = L, and S with the top bit set */
	memcpy(sig, one, 32);
	memcpy(sig + 32, order, 32);
	is_int(ed25519_verify(sig, one, msg, 4), -1, "S = L: refused");
	memset(sig + 32, 0, 32);
	sig[63] = 0x80;
	is_int(ed25519_verify(sig, one, msg, 4), -1, "S with bit 255 set: refused");
	/* the base point's encoding (y = 4/5, x even), and its negation */
	memset(a, 0x66, 32);
	a[0] = 0x58;
	ok(ed25519_pub_ok(a), "B decodes");
	a[31] |= 0x80;
	ok(ed25519_pub_ok(a), "-B decodes");
}

int main(void)
{
	test_vectors();
	test_encodings();
	return done_testing();
}
