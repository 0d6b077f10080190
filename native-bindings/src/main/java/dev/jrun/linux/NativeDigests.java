package dev.jrun.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and SHA-512 through OpenSSL where it is installed, else the JDK's. Every layer of an
 * image is hashed while it is unpacked, and the JDK's SHA-256 uses the CPU's SHA instructions only
 * once C2 has compiled it: under the launcher's C1-only flags it hashes 200 MB in 1.7 s, OpenSSL in
 * 0.1 s. Both give the same digests, so the choice is invisible but for speed.
 */
public final class NativeDigests {
    private static final Cleaner CLEANER = Cleaner.create();

    private NativeDigests() {}

    /** A digest for {@code algorithm}, "SHA-256" or "SHA-512". */
    public static MessageDigest create(String algorithm) throws NoSuchAlgorithmException {
        if (LibCrypto.AVAILABLE && (algorithm.equals("SHA-256") || algorithm.equals("SHA-512"))) {
            return new OpenSslDigest(algorithm);
        }
        return MessageDigest.getInstance(algorithm);
    }

    /** A MessageDigest over an OpenSSL EVP context; bytes reach it through a native buffer. */
    private static final class OpenSslDigest extends MessageDigest {
        private static final int BUFFER = 128 * 1024;

        /** What the cleaner frees once the digest is unreachable. */
        private record Native(Pointer context, Memory buffer) implements Runnable {
            @Override
            public void run() {
                LibCrypto.EVP_MD_CTX_free(context);
                buffer.close();
            }
        }

        private final Native state;
        private final Pointer type;
        private final int length;

        OpenSslDigest(String algorithm) {
            super(algorithm);
            this.type = algorithm.equals("SHA-256") ? LibCrypto.EVP_sha256() : LibCrypto.EVP_sha512();
            this.length = algorithm.equals("SHA-256") ? 32 : 64;
            this.state = new Native(LibCrypto.EVP_MD_CTX_new(), new Memory(BUFFER));
            CLEANER.register(this, state);
            engineReset();
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            for (int done = 0; done < len; done += BUFFER) {
                int n = Math.min(BUFFER, len - done);
                state.buffer().write(0, input, offset + done, n);
                check(LibCrypto.EVP_DigestUpdate(state.context(), state.buffer(), n), "EVP_DigestUpdate");
            }
        }

        @Override
        protected byte[] engineDigest() {
            byte[] digest = new byte[length];
            check(LibCrypto.EVP_DigestFinal_ex(state.context(), digest, null), "EVP_DigestFinal_ex");
            engineReset();
            return digest;
        }

        @Override
        protected void engineReset() {
            check(LibCrypto.EVP_DigestInit_ex(state.context(), type, null), "EVP_DigestInit_ex");
        }

        @Override
        protected int engineGetDigestLength() {
            return length;
        }

        private void check(int ok, String call) {
            if (ok != 1) {
                throw new IllegalStateException("libcrypto " + call + " failed for " + getAlgorithm());
            }
        }
    }
}
