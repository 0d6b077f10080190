package dev.jrun.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Direct JNA mapping of the few OpenSSL (libcrypto 3) digest functions jrun uses. Only
 * {@link NativeDigests} touches it, and only after {@link #AVAILABLE} says the library loaded.
 */
final class LibCrypto {
    /** Whether libcrypto.so.3 (Debian's libssl3, which systemd depends on) could be bound. */
    static final boolean AVAILABLE = register();

    private LibCrypto() {}

    private static boolean register() {
        try {
            Native.register(LibCrypto.class, NativeLibrary.getInstance("libcrypto.so.3"));
            return true;
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            return false;
        }
    }

    static native Pointer EVP_sha256();
    static native Pointer EVP_sha512();
    static native Pointer EVP_MD_CTX_new();
    static native void EVP_MD_CTX_free(Pointer context);
    static native int EVP_DigestInit_ex(Pointer context, Pointer type, Pointer engine);
    static native int EVP_DigestUpdate(Pointer context, Pointer data, long count);
    static native int EVP_DigestFinal_ex(Pointer context, byte[] digest, Pointer size);
}
