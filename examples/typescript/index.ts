// The platform from TypeScript, through the SDK generated from provider/schema.json: a whole
// region in one resource, and the building blocks (hub, spoke, workspace, cluster) wired by
// hand. Plain values (address plans, pool sizes) decide sizing at construction; IDs and names
// are Inputs wired from the other resources. provider/typescript_test.go compiles this file
// with tsc (strict) against @pulumi/pulumi from the npm registry.
import * as pulumi from "@pulumi/pulumi";
import * as aksplatform from "@aksplatform/aksplatform";

const config = new pulumi.Config();
// An existing resource group (create one with @pulumi/azure-native in a real program).
const resourceGroupName = config.get("resourceGroupName") ?? "platform-dev-westeurope";
const location = "westeurope";

// The whole region: the environment is a stack's aks-platform config section.
const region = new aksplatform.stacks.Region(location, {
    environment: {
        environment: "dev",
        tags: { owner: "platform-team", costCenter: "cc-1234" },
        regions: [{
            location,
            hub: { addressSpace: "10.0.0.0/22" },
            spoke: { addressSpace: "10.1.0.0/16", privateSubnetPrefixLength: 20 },
        }],
        aks: {
            kubernetesVersion: "1.37",
            networkPlugin: "kubenet",
            networkPolicy: "calico",
            authorizedIpRanges: ["203.0.113.0/24"], // replace: your office / CI egress range
            adminGroupObjectIds: ["6a1d4c1e-0000-4000-8000-00000000a001"], // your admins' group
            userPools: [{ name: "apps", minCount: 1, maxCount: 5 }],
        },
        ingress: { controller: "nginx", certManager: { email: "platform-team@example.com" } },
    },
});

// The building blocks, composed by hand in a second address plan.
const hub = new aksplatform.network.Hub("hub", {
    resourceGroupName,
    location,
    plan: {
        addressSpace: "10.10.0.0/22",
        firewall: { name: "AzureFirewallSubnet", prefix: "10.10.0.0/26" },
        gateway: { name: "GatewaySubnet", prefix: "10.10.0.128/27" },
        bastion: { name: "AzureBastionSubnet", prefix: "10.10.0.64/26" },
        management: { name: "management", prefix: "10.10.0.160/27" },
    },
});
const spoke = new aksplatform.network.Spoke("spoke", {
    resourceGroupName,
    location,
    publicLoadBalancer: true,
    plan: {
        addressSpace: "10.11.0.0/16",
        public: { name: "public", prefix: "10.11.16.0/24" },
        private: { name: "private", prefix: "10.11.0.0/20" },
        endpoints: { name: "private-endpoints", prefix: "10.11.17.0/27" },
    },
});
const logs = new aksplatform.monitoring.Workspace("logs", {
    resourceGroupName,
    location,
    retentionDays: 30,
});
const cluster = new aksplatform.aks.Cluster("cluster", {
    kubernetesVersion: "1.37",
    networkPlugin: "kubenet",
    authorizedIpRanges: ["203.0.113.0/24"],
    userPools: [{ name: "apps", minCount: 1, maxCount: 5 }],
    resourceGroupName,
    locationName: location,
    nodeSubnetId: spoke.privateSubnetId,
    nodeSubnet: "10.11.0.0/20",
    routeTableId: spoke.routeTableId,
    spokeVNetId: spoke.vnetId,
    hubVNetId: hub.vnetId,
    logAnalyticsWorkspaceId: logs.workspaceId,
});

// Typed outputs: the kubeconfigs are secret outputs of the provider, and stay secret.
export const kubeconfig: pulumi.Output<string> = region.kubeconfig;
export const clusterKubeconfig: pulumi.Output<string> = cluster.kubeconfig;
export const kubeconfigBytes: pulumi.Output<number> = cluster.kubeconfig.apply((k: string) => k.length);
export const clusterName: pulumi.Output<string> = cluster.clusterName;
export const oidcIssuerUrl: pulumi.Output<string> = region.oidcIssuerUrl;
export const ingressAddress: pulumi.Output<string> = region.ingressAddress;
