package dev.keyshift.gateway.backend.pkcs11;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * Finds a token's slot by label. SunPKCS11's configuration names slots only by id or list index, so
 * this asks the module itself through the JDK's PKCS#11 wrapper, which is not exported: the jar
 * manifest (and the test JVMs) carry {@code Add-Exports
 * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper}. The module is initialised as SunPKCS11
 * initialises it (OS locking), and SunPKCS11 reuses it.
 */
final class TokenSlots {
  private static final long CKF_OS_LOCKING_OK = 0x2;

  private TokenSlots() {}

  static long slotOf(Path library, String label) throws ReflectiveOperationException {
    Class<?> wrapper = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
    Class<?> argsType = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
    Object args = argsType.getConstructor().newInstance();
    argsType.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
    Object module;
    try {
      module =
          wrapper
              .getMethod("getInstance", String.class, String.class, argsType, boolean.class)
              .invoke(null, library.toString(), "C_GetFunctionList", args, false);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot load PKCS#11 module " + library + ": " + e.getCause(), e);
    }
    for (long slot :
        (long[]) wrapper.getMethod("C_GetSlotList", boolean.class).invoke(module, true)) {
      Object info = wrapper.getMethod("C_GetTokenInfo", long.class).invoke(module, slot);
      if (new String((char[]) info.getClass().getField("label").get(info)).strip().equals(label)) {
        return slot;
      }
    }
    throw new IllegalStateException("no token labelled '" + label + "' in " + library);
  }
}
