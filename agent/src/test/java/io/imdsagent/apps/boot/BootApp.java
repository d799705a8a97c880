package io.imdsagent.apps.boot;

import io.imdsagent.apps.bootlib.InstanceMetadataClient;

/** The application class of a Spring Boot fat jar: asks its nested library for the instance id (IMDS in args[0]). */
public final class BootApp {
    private BootApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("instance id: " + InstanceMetadataClient.instanceId(args[0]));
        System.out.println("loaded by: " + InstanceMetadataClient.class.getClassLoader().getClass().getName());
    }
}
