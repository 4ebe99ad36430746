package dev.multimodal.text;

/** DJL's settings for its Rust tokenizers, made before they load: offline, and no CUDA probe. */
final class DjlOffline {

    private DjlOffline() {}

    /** DJL's switch for probing CUDA in a child process instead of in this one. */
    static final String DJL_CUDA_FORK = "ai.djl.util.cuda.fork";

    /** Before DJL's tokenizers load: offline, and without its CUDA probe. Idempotent. */
    static void prepare() {
        // DJL must never try to download a native build (e.g. a CUDA one on a GPU host).
        System.setProperty("ai.djl.offline", "true");
        skipDjlCudaProbe();
    }

    /**
     * Keeps DJL from probing for CUDA when its tokenizers' library loads. DJL asks how many GPUs
     * there are before it picks a tokenizers build, through JNA: it unpacks JNA's own library, runs
     * {@code ldconfig -p} and searches the library folders for {@code libcudart} (45-75 ms of a cold
     * start here, more on a busy pod). The answer cannot change the build: offline, DJL has only the
     * jar's CPU builds, and it falls back to them on a GPU host too. DJL's {@code CudaUtils} sets its
     * library once, when the class initialises, and leaves it unset while {@value #DJL_CUDA_FORK} is
     * true; afterwards, with the switch cleared again, it reports no GPU without forking anything.
     * Where someone set the switch, or DJL is missing, nothing is done.
     */
    static void skipDjlCudaProbe() {
        if (System.getProperty(DJL_CUDA_FORK) != null) {
            return;
        }
        System.setProperty(DJL_CUDA_FORK, "true");
        try {
            Class.forName("ai.djl.util.cuda.CudaUtils", true, DjlOffline.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // no DJL CUDA probe to skip
        } finally {
            System.clearProperty(DJL_CUDA_FORK);
        }
    }
}
