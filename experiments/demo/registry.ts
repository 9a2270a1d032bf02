/** Every demo service by name: adding one is one file and one line here. */
import type { DemoServiceDefinition } from './definition.ts';
import type { DemoServiceName } from './names.ts';
import { checkout, inventory, payments, storefront } from './services/index.ts';

export const DEMO_SERVICES: Readonly<Record<DemoServiceName, DemoServiceDefinition>> = {
  storefront,
  checkout,
  payments,
  inventory,
};

/** Whom `name` calls: the dependencies whose base URL it must be given. */
export const demoDependencies = (name: DemoServiceName): readonly DemoServiceName[] => DEMO_SERVICES[name].dependencies;
